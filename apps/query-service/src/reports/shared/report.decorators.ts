import { applyDecorators, Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiOperation, type ApiOperationOptions, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Permission, RequirePermission } from '@app/platform';
import { QueryErrorFilter } from '../../http/error.filter';

/**
 * A controller of report routes under `path`: listed under `reports` in the OpenAPI document, its errors
 * answered by the query service's filter, and every route needing `permission`; `'per-route'` when the
 * routes need different ones (a report whose drill-down asks for more), each route naming its own.
 */
export const ReportsController = (permission: Permission | 'per-route', path = 'reports') =>
  applyDecorators(
    ApiTags('reports'),
    UseFilters(QueryErrorFilter),
    ...(permission === 'per-route' ? [] : [RequirePermission(permission)]),
    Controller(path),
  );

/** A GET route and its OpenAPI operation (`''`: the controller's own path); Nest answers it as JSON. */
export const JsonGet = (path: string, operation: ApiOperationOptions) =>
  applyDecorators(Get(path), ApiOperation(operation));

/** A GET route answering a file: the Content-Type it sends, the media type its OpenAPI operation names. */
const FileGet =
  (mediaType: string, contentType = mediaType) =>
  (path: string, operation: ApiOperationOptions) =>
    applyDecorators(
      Get(path),
      Header('Content-Type', contentType),
      ApiProduces(mediaType),
      ApiOperation(operation),
    );

export const CsvGet = FileGet('text/csv', 'text/csv; charset=utf-8');
export const PdfGet = FileGet('application/pdf');
export const XlsxGet = FileGet('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
