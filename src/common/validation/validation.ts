import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validate } from 'class-validator';
import { type FieldError, InvalidInputError } from '../errors';

const VALIDATOR_OPTIONS = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: false };

function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

export const invalidInput = (errors: ValidationError[]) => new InvalidInputError(fieldErrors(errors));

/** The global pipe: inputs are transformed (trimmed, normalised) and validated before resolvers run. */
export const validationPipe = () =>
  new ValidationPipe({ ...VALIDATOR_OPTIONS, transform: true, exceptionFactory: invalidInput });

/** The same checks for places that run before pipes (guards). */
export async function validateInput<T extends object>(type: ClassConstructor<T>, plain: unknown): Promise<T> {
  const instance = plainToInstance(type, plain ?? {});
  const errors = await validate(instance, VALIDATOR_OPTIONS);
  if (errors.length) throw invalidInput(errors);
  return instance;
}
