import "server-only";
import {
  ModelVersionNotFoundError,
  ModelVersionRejectedError,
} from "@/lib/server/data/modelVersions";
import { internalError, jsonError } from "@/lib/server/http";

/**
 * The answer the model-version routes give to a failure: an unknown version is 404, a version
 * that does not fit (wrong size, another base model, a parent from elsewhere) is 422 with the
 * message naming the field, anything else is a server error that leaks no SQL.
 */
export function modelVersionErrorResponse(error: unknown, what: string): Response {
  if (error instanceof ModelVersionNotFoundError) return jsonError(404, error.message);
  if (error instanceof ModelVersionRejectedError) return jsonError(422, error.message);
  return internalError(error, what);
}
