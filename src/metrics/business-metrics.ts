import { Injectable } from '@nestjs/common';
import { counter } from './metric-registry';

const productsCreated = counter({ name: 'catalog_products_created_total', help: 'Products created' });
const loginsFailed = counter({ name: 'auth_logins_failed_total', help: 'Login attempts refused: unknown email, wrong password, locked or disabled account' });

/**
 * Business events as Prometheus counters, for any module to record (MetricsModule is global). Call after the event
 * is certain: a product created once its transaction has committed, not when a request asks for one.
 */
@Injectable()
export class BusinessMetrics {
  productCreated(): void {
    productsCreated.inc();
  }

  loginFailed(): void {
    loginsFailed.inc();
  }
}
