export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__TEST_STACK__;
  await stack?.redis?.stop();
  stack?.cluster?.stop();
}
