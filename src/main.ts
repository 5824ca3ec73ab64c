// First: tracing and error monitoring hook modules as they load (see observability/instrument.ts).
import './observability/instrument';
import 'reflect-metadata';
import { AppModule } from './app.module';
import { bootstrap } from './bootstrap';

void bootstrap(AppModule);
