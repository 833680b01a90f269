import type { FastifySchemaCompiler } from 'fastify';
import type { ZodType } from 'zod';
import { validationErrorFromZod } from './errors.js';

/**
 * Validates request parts with their zod schema; failures become our ValidationError with
 * per-field Vietnamese and English messages (OpenAPI still comes from the zod type provider).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<ZodType> = ({ schema, httpPart }) => (data) => {
  const result = schema.safeParse(data);
  if (result.success) return { value: result.data };
  return { error: validationErrorFromZod(result.error, httpPart === 'body' ? undefined : httpPart) };
};
