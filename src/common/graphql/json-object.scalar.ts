import { GraphQLError, GraphQLScalarType, Kind, type ObjectValueNode, type ValueNode } from 'graphql';

export type JsonObject = { [key: string]: JsonValue };
type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function badInput(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });
}

function literal(node: ValueNode, variables: Record<string, unknown> | null | undefined): JsonValue {
  switch (node.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return node.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(node.value);
    case Kind.NULL:
      return null;
    case Kind.LIST:
      return node.values.map((value) => literal(value, variables));
    case Kind.OBJECT:
      return objectLiteral(node, variables);
    case Kind.VARIABLE:
      return (variables?.[node.name.value] ?? null) as JsonValue;
    default:
      throw badInput('JSONObject values are JSON: strings, numbers, booleans, null, lists and objects');
  }
}

function objectLiteral(node: ObjectValueNode, variables: Record<string, unknown> | null | undefined): JsonObject {
  return Object.fromEntries(node.fields.map((field) => [field.name.value, literal(field.value, variables)]));
}

/**
 * A JSON object, as WebAuthn's browser library gives its options and responses: anything else (a
 * string, a list, a number) is BAD_USER_INPUT. What the object holds is checked by whoever reads it.
 */
export const GraphQLJSONObject = new GraphQLScalarType<JsonObject, JsonObject>({
  name: 'JSONObject',
  description: 'A JSON object (WebAuthn options and responses, as the browser library gives them).',
  serialize(value) {
    if (!isObject(value)) throw new GraphQLError('JSONObject cannot represent a value that is not an object');
    return value;
  },
  parseValue(value) {
    if (!isObject(value)) throw badInput('must be a JSON object');
    return value;
  },
  parseLiteral(node, variables) {
    if (node.kind !== Kind.OBJECT) throw badInput('must be a JSON object');
    return objectLiteral(node, variables);
  },
});
