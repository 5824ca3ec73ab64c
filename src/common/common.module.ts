import { Global, Module } from '@nestjs/common';
import { CursorCodec } from './pagination/cursor-codec';

/** Cross-cutting providers every feature may inject. */
@Global()
@Module({ providers: [CursorCodec], exports: [CursorCodec] })
export class CommonModule {}
