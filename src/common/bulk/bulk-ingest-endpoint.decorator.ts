import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiBodyOptions, ApiConsumes } from '@nestjs/swagger';
import { ApiEndpoint, ApiEndpointOptions } from '../http/api-endpoint.decorator';
import { BulkBody } from '../http/body-limits';
import { BulkResultDto } from './bulk.dto';

export interface BulkIngestEndpointOptions extends Omit<ApiEndpointOptions, 'status' | 'response'> {
  /** The row type and what the body holds, for the OpenAPI document. */
  body: ApiBodyOptions;
}

/**
 * Everything a bulk ingest route declares: JSON arrays up to 16 MiB, NDJSON and CSV streamed, the
 * roles, and the `{ inserted, updated, unchanged, rejected, errors }` answer with status 200.
 */
export function BulkIngestEndpoint(options: BulkIngestEndpointOptions) {
  const { body, ...endpoint } = options;
  return applyDecorators(
    BulkBody(),
    ApiConsumes('application/json', 'application/x-ndjson', 'text/csv'),
    ApiBody(body),
    ApiEndpoint({ ...endpoint, status: 200, response: BulkResultDto }),
  );
}
