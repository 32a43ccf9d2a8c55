import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Length in Unicode code points after NFKC, the form passwords are hashed in. */
export function codePointLength(value: string): number {
  return [...value.normalize('NFKC')].length;
}

export function CodePointLength(min: number, max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'codePointLength',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [min, max],
      options: { message: `$property must be ${min} to ${max} characters long`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && codePointLength(value) >= min && codePointLength(value) <= max,
      },
    });
}
