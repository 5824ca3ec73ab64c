/**
 * The whole suite. Jest runs a project's global set-up only when one of that project's specs is selected, so
 * `npx jest src` starts no services.
 */
const { run, unit, e2e } = require('./jest.projects');

module.exports = { ...run, projects: [unit, e2e] };
