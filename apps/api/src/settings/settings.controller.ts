import { Body, Controller, Get, Put } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiKeyId } from '../auth/auth.decorators';
import { ApiErrorBody } from '../common/api-error';
import { Elma365WebhookSettingResponse } from './dto/elma365-webhook-setting.response';
import { UpdateElma365WebhookRequest } from './dto/update-elma365-webhook.request';
import { GetElma365WebhookUseCase } from './usecases/get-elma365-webhook/get-elma365-webhook.usecase';
import { UpdateElma365WebhookUseCase } from './usecases/update-elma365-webhook/update-elma365-webhook.usecase';

@ApiTags('settings')
@Controller('api/v1/settings')
export class SettingsController {
  constructor(
    private readonly getWebhook: GetElma365WebhookUseCase,
    private readonly updateWebhook: UpdateElma365WebhookUseCase,
  ) {}

  @Get('elma365-webhook')
  @ApiOperation({ summary: 'The ELMA365 webhook link deliveries use now (masked), and where it came from' })
  @ApiOkResponse({ type: Elma365WebhookSettingResponse })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'SETTINGS_ELMA365_WEBHOOK_NOT_CONFIGURED' })
  get(): Promise<Elma365WebhookSettingResponse> {
    return this.getWebhook.execute();
  }

  @Put('elma365-webhook')
  @ApiOperation({
    summary: 'A new webhook link from ELMA365 (VoipOnWebhookUpdated): every worker uses it within seconds',
  })
  @ApiOkResponse({ type: Elma365WebhookSettingResponse })
  @ApiBadRequestResponse({ type: ApiErrorBody, description: 'VALIDATION_FAILED: not an absolute http(s) URL' })
  @ApiForbiddenResponse({ type: ApiErrorBody, description: 'SETTINGS_ELMA365_WEBHOOK_HOST_NOT_ALLOWED' })
  @ApiConflictResponse({ type: ApiErrorBody, description: 'SETTINGS_ELMA365_WEBHOOK_NOT_CONFIGURED' })
  update(
    @Body() body: UpdateElma365WebhookRequest,
    @ApiKeyId() apiKeyId: string | undefined,
  ): Promise<Elma365WebhookSettingResponse> {
    return this.updateWebhook.execute(body.url, apiKeyId);
  }
}
