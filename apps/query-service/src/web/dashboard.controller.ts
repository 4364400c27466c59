import {
  Controller,
  Get,
  Header,
  Inject,
  NotFoundException,
  Param,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '@app/platform';
import { type Request, type Response } from 'express';
import { QUERY_SERVICE_CONFIG, type QueryServiceConfig } from '../config/query-service.config';
import { QueryErrorFilter } from '../http/error.filter';
import { type Asset, DashboardAssets, type Page } from './dashboard-assets';
import { type DashboardConfig, contentSecurityPolicy, dashboardConfig } from './dashboard-config';

/**
 * The reporting pages (质量分析会): static HTML and browser modules that read the JSON reports, so the
 * figures shown are the API's. Each page's script reads its parameters from the query string. The pages
 * and their settings are public and hold no figures: the scripts ask the caller to sign in and send the
 * credential with every API call.
 */
@ApiExcludeController()
@Public()
@UseFilters(QueryErrorFilter)
@Controller('dashboard')
export class DashboardController {
  private readonly policy: string;

  constructor(
    private readonly assets: DashboardAssets,
    @Inject(QUERY_SERVICE_CONFIG) private readonly config: QueryServiceConfig,
  ) {
    this.policy = contentSecurityPolicy(config.COMMAND_SERVICE_URL);
  }

  @Get()
  home(@Req() request: Request, @Res() response: Response): void {
    const query = request.originalUrl.indexOf('?');
    response.redirect(302, `/dashboard/weekly-pack${query < 0 ? '' : request.originalUrl.slice(query)}`);
  }

  @Get('weekly-pack')
  weeklyPack(@Res() response: Response): void {
    this.page(response, 'weekly-pack');
  }

  @Get('drill-down')
  drillDown(@Res() response: Response): void {
    this.page(response, 'drill-down');
  }

  @Get('trends')
  trends(@Res() response: Response): void {
    this.page(response, 'trends');
  }

  @Get('executive')
  executive(@Res() response: Response): void {
    this.page(response, 'executive');
  }

  @Get('fairness')
  fairness(@Res() response: Response): void {
    this.page(response, 'fairness');
  }

  @Get('alerts')
  alerts(@Res() response: Response): void {
    this.page(response, 'alerts');
  }

  @Get('worklists')
  worklists(@Res() response: Response): void {
    this.page(response, 'worklists');
  }

  @Get('complaints/:id')
  complaint(@Res() response: Response): void {
    this.page(response, 'complaint');
  }

  @Get('config.json')
  @Header('Cache-Control', 'no-store')
  settings(): DashboardConfig {
    return dashboardConfig(this.config, new Date());
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const asset = this.assets.get(file);
    if (!asset || file.endsWith('.html')) throw new NotFoundException(`No dashboard asset ${file}`);
    this.send(response, asset);
  }

  private page(response: Response, page: Page): void {
    response.setHeader('Content-Security-Policy', this.policy);
    response.setHeader('Referrer-Policy', 'same-origin');
    this.send(response, this.assets.page(page));
  }

  private send(response: Response, { body, contentType, cacheControl }: Asset): void {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', cacheControl);
    response.type(contentType).send(body);
  }
}
