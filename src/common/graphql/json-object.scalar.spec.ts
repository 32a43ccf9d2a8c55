import { GraphQLError, parseValue } from 'graphql';
import { GraphQLJSONObject } from './json-object.scalar';

describe('JSONObject scalar', () => {
  it('takes a JSON object from variables and gives it back unchanged', () => {
    const value = { id: 'abc', response: { clientDataJSON: 'e30', transports: ['internal'] }, n: 1, ok: null };
    expect(GraphQLJSONObject.parseValue(value)).toBe(value);
    expect(GraphQLJSONObject.serialize(value)).toBe(value);
  });

  it.each([['a string'], [[1, 2]], [42], [null], [true]])('refuses %p as BAD_USER_INPUT', (value) => {
    const refusal = (() => {
      try {
        GraphQLJSONObject.parseValue(value);
      } catch (error) {
        return error;
      }
      return null;
    })();
    expect(refusal).toBeInstanceOf(GraphQLError);
    expect((refusal as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
  });

  it('reads an inline object literal, variables inside it included, and refuses any other literal', () => {
    const literal = parseValue('{ id: "abc", list: [1, 2.5, true, null], nested: { v: $v } }');
    expect(GraphQLJSONObject.parseLiteral(literal, { v: 'from a variable' })).toEqual({
      id: 'abc',
      list: [1, 2.5, true, null],
      nested: { v: 'from a variable' },
    });
    expect(() => GraphQLJSONObject.parseLiteral(parseValue('"text"'), {})).toThrow('must be a JSON object');
    expect(() => GraphQLJSONObject.parseLiteral(parseValue('{ e: SOME_ENUM }'), {})).toThrow(
      /JSONObject values are JSON/,
    );
  });
});
