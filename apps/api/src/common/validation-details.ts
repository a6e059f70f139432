import type { ValidationError } from 'class-validator';
import type { ApiErrorDetail } from './api-error';

/** One detail per failed constraint, the field named by its full path (`items.0.phone`). */
export function validationDetails(errors: readonly ValidationError[], parentPath = ''): ApiErrorDetail[] {
  return errors.flatMap((error) => {
    const field = parentPath ? `${parentPath}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((reason) => ({ field, reason }));
    return [...own, ...validationDetails(error.children ?? [], field)];
  });
}
