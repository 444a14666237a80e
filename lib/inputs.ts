import {
  defaultFieldResolver,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { badInput } from './errors.js';
import { isRefusedInput } from './scalars.js';
import { checkTextCharacters } from './text.js';

/** The scalars whose values are text a client wrote: each is held to the text rule (lib/text.ts). */
const TEXT_SCALARS = new Set(['String', 'ID']);
/** The scalars whose parsers answer a refused value with `RefusedInput` (lib/scalars.ts). */
const REFUSING_SCALARS = new Set(['Money', 'Date']);

/**
 * Check every field's arguments before its resolver runs, wherever they come from (literals,
 * variables, defaults) and however deep (input objects, lists):
 *
 * - a text value (String, ID) holding NUL or half a surrogate pair is refused (rule
 *   `text-characters`), so no text reaches a query or a table that PostgreSQL would refuse or
 *   silently alter;
 * - a scalar value its parser refused (`RefusedInput`: a bad Money or Date) is refused with
 *   the scalar's rule.
 *
 * Both answer BAD_USER_INPUT naming the input path (`input.amount`, `input.aliases[2]`). The
 * check is made from the schema's types, once for every field of every subgraph: a new field
 * or input type is checked without anyone remembering to, which a helper each resolver calls
 * could not promise. A field without such arguments keeps its resolver untouched.
 */
export function checkInputs(schema: GraphQLSchema): void {
  const holds = holdsChecked();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const args = field.args.filter((a) => holds(getNamedType(a.type)));
      if (!args.length) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, values, context, info) => {
        for (const arg of args) checkValue(values[arg.name], arg.type, arg.name, holds);
        return resolve(source, values, context, info);
      };
    }
  }
}

/** Whether values of a type can hold text or a refused scalar, through nested input types. */
function holdsChecked() {
  const known = new Map<string, boolean>();
  const holds = (type: GraphQLNamedType): boolean => {
    if (isScalarType(type)) return TEXT_SCALARS.has(type.name) || REFUSING_SCALARS.has(type.name);
    if (!isInputObjectType(type)) return false;
    let answer = known.get(type.name);
    if (answer === undefined) {
      known.set(type.name, false); // a recursive input type: decided by its other fields
      answer = Object.values(type.getFields()).some((f) => holds(getNamedType(f.type)));
      known.set(type.name, answer);
    }
    return answer;
  };
  return holds;
}

function checkValue(value: unknown, type: GraphQLInputType, path: string, holds: (type: GraphQLNamedType) => boolean): void {
  if (value == null) return;
  if (isNonNullType(type)) {
    checkValue(value, type.ofType, path, holds);
    return;
  }
  if (isListType(type)) {
    if (Array.isArray(value)) value.forEach((item, i) => checkValue(item, type.ofType, `${path}[${i}]`, holds));
    return;
  }
  if (isScalarType(type)) {
    if (TEXT_SCALARS.has(type.name) && typeof value === 'string') checkTextCharacters(path, value);
    else if (REFUSING_SCALARS.has(type.name) && isRefusedInput(value)) throw badInput(path, value.refused, value.message);
    return;
  }
  if (isInputObjectType(type) && holds(type)) {
    const fields = value as Record<string, unknown>;
    for (const field of Object.values(type.getFields())) checkValue(fields[field.name], field.type, `${path}.${field.name}`, holds);
  }
}
