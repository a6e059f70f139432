import { Injectable } from '@nestjs/common';
import { normalizePhoneNumber } from '@app/calls';
import { AppConfig } from '@app/config';
import { CallHistoryQuery, type CallHistoryKey } from '@app/persistence';
import { decodeCallCursor, encodeCallCursor } from '../../call-cursor';
import { InvalidCursorException } from '../../call-history.exception';
import { toCallHistoryItem } from '../../call-history.mapper';
import type { CallHistoryPageDto } from '../../dto/call-history-page.dto';
import type { CallHistoryQueryDto } from '../../dto/call-history-query.dto';

@Injectable()
export class ListCallsUseCase {
  constructor(
    private readonly calls: CallHistoryQuery,
    private readonly config: AppConfig,
  ) {}

  async execute(query: CallHistoryQueryDto): Promise<CallHistoryPageDto> {
    const page = await this.calls.list({
      from: query.from === undefined ? undefined : new Date(query.from),
      to: query.to === undefined ? undefined : new Date(query.to),
      // Stored numbers are E.164 (extensions as they are): the same normalisation finds them.
      phone: query.phone === undefined ? undefined : normalizePhoneNumber(query.phone, this.config.phone.defaultRegion),
      extension: query.extension?.trim(),
      direction: query.direction,
      disposition: query.disposition,
      after: query.cursor === undefined ? undefined : this.decode(query.cursor),
      limit: query.limit,
    });
    const last = page.rows.at(-1);
    return {
      items: page.rows.map((row) => toCallHistoryItem(row.record)),
      nextCursor: page.hasMore && last ? encodeCallCursor(last.key) : null,
    };
  }

  private decode(cursor: string): CallHistoryKey {
    const key = decodeCallCursor(cursor);
    if (key === null) throw new InvalidCursorException();
    return key;
  }
}
