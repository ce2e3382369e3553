// Shared servers for integration tests are started here when a suite needs them
// (see scripts/services/*). Nothing to start for the core suites.
export default function setup(): void {}
