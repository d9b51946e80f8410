import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import type { CollectionSchema, SchemaCheck } from '@oblako/domain';

/**
 * Compiles a collection's RxDB JSON schema once. `strict: false` because RxDB schemas carry
 * keywords ajv does not know (primaryKey, version, indexes); nothing is coerced, defaulted or
 * removed, so validation never changes the document it checks.
 */
export function compileSchemaCheck(schema: CollectionSchema): SchemaCheck {
  const ajv = new Ajv({ strict: false, allErrors: false });
  // ajv-formats resolves its own (root) copy of ajv; the plugin only calls addFormat, which both share.
  addFormats(ajv as unknown as Parameters<typeof addFormats>[0]);
  const validate = ajv.compile(schema);
  return (data) => {
    if (validate(data)) return null;
    const error = validate.errors?.[0];
    return error ? describe(error) : { message: 'the document is invalid' };
  };
}

function describe(error: ErrorObject): { field?: string; message: string } {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (typeof params['missingProperty'] === 'string') {
    const field = path ? `${path}.${params['missingProperty']}` : params['missingProperty'];
    return { field, message: `field "${field}" is required` };
  }
  if (typeof params['additionalProperty'] === 'string') {
    const field = path ? `${path}.${params['additionalProperty']}` : params['additionalProperty'];
    return { field, message: `field "${field}" is not allowed` };
  }
  return { ...(path ? { field: path } : {}), message: `${path ? `field "${path}"` : 'the document'} ${error.message ?? 'is invalid'}` };
}
