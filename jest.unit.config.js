const { run, unit } = require('./jest.projects');

module.exports = { ...run, ...unit };
