import { Controller, Get, Header, UseFilters } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  Authenticated,
  CurrentPrincipal,
  type Permission,
  permissionsOf,
  type Principal,
  type Role,
} from '@app/platform';
import { QueryErrorFilter } from '../http/error.filter';

export type WhoAmI = {
  subject: string;
  roles: readonly Role[];
  /** 'all', or the org units every report and drill-down is limited to. */
  orgUnits: readonly string[] | 'all';
  /** What the roles allow together: the dashboard offers only what the reader may open. */
  permissions: Permission[];
};

/** The signed-in caller as the service sees it: any authenticated principal may ask, whatever its roles. */
@ApiTags('auth')
@UseFilters(QueryErrorFilter)
@Authenticated()
@Controller('auth')
export class WhoAmIController {
  @Get('me')
  @Header('Cache-Control', 'private, no-store')
  @ApiOperation({
    summary: 'Who the credential belongs to: subject, roles, org-unit scope and permissions',
    description:
      'The dashboard reads it to show only the pages and drill-down links the reader may open; the routes ' +
      'themselves still check every request.',
  })
  @ApiOkResponse({ description: '{ subject, roles, orgUnits, permissions }' })
  me(@CurrentPrincipal() principal: Principal): WhoAmI {
    return {
      subject: principal.subject,
      roles: principal.roles,
      orgUnits: principal.orgUnits,
      permissions: permissionsOf(principal.roles),
    };
  }
}
