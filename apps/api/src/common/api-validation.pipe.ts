import { ValidationPipe } from '@nestjs/common';
import { ApiException } from './api-error';
import { ApiErrorCode } from './api-error-code';
import { validationDetails } from './validation-details';

/** The global pipe: unknown properties are refused, and every failure names its field. */
export function createApiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new ApiException(400, ApiErrorCode.ValidationFailed, 'Request validation failed', validationDetails(errors)),
  });
}
