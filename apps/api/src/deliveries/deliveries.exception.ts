import { HttpStatus } from '@nestjs/common';
import { ApiException } from '../common/api-error';

export enum DeliveryErrorCode {
  DeliveryNotFound = 'DELIVERY_NOT_FOUND',
}

export class DeliveryNotFoundException extends ApiException {
  constructor() {
    super(HttpStatus.NOT_FOUND, DeliveryErrorCode.DeliveryNotFound, 'No dead delivery with this event key');
  }
}
