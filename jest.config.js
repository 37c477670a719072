/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // One worker per core (jest's default leaves one idle: a single worker on 2 cores), since most
  // test files spend their time waiting on servers and child processes they started.
  maxWorkers: '100%',
};
