const { run, e2e } = require('./jest.projects');

module.exports = { ...run, ...e2e };
