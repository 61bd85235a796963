/**
 * One jest run covers unit, emulator-backed integration and infrastructure tests.
 * swc strips types only (tsc checks them in `npm test` first), which keeps the run fast.
 * fauxqs and @middy/core ship as ES modules only, so they are transformed to CommonJS here.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }] },
  transformIgnorePatterns: ['/node_modules/(?!(fauxqs|@middy)/)'],
  moduleNameMapper: { '^fauxqs$': '<rootDir>/node_modules/fauxqs/dist/app.js' },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  setupFilesAfterEnv: ['aws-cdk-lib/testhelpers/jest-autoclean'],
  testTimeout: 30000,
  maxWorkers: 2,
};
