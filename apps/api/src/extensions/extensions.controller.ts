import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ApiErrorBody } from '../common/api-error';
import { ExtensionResponse } from './dto/extension.response';
import { ListExtensionsQuery } from './dto/list-extensions.query';
import { ExtensionsService } from './extensions.service';

@ApiTags('extensions')
@Controller('api/v1/extensions')
export class ExtensionsController {
  constructor(private readonly extensions: ExtensionsService) {}

  @Get()
  @ApiOperation({ summary: 'Internal extensions of a PBX (what ELMA365 VoipGetMembers shows)' })
  @ApiOkResponse({ type: [ExtensionResponse] })
  @ApiResponse({ status: 404, type: ApiErrorBody, description: 'EXTENSIONS_PBX_NOT_FOUND' })
  @ApiResponse({ status: 503, type: ApiErrorBody, description: 'EXTENSIONS_PBX_UNAVAILABLE' })
  async list(@Query() query: ListExtensionsQuery): Promise<ExtensionResponse[]> {
    return [...(await this.extensions.list(query.pbxId))];
  }
}
