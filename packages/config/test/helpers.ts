/** A logger that drops everything, for tests that do not look at logs (createConfigFixture records them). */
export const quiet = { debug() {}, info() {}, warn() {}, error() {} };
