import { type FixturePackage, fixturePlugin } from '@plugboard/testing';

const greeter = (name: string, greeting: string) =>
  `export default { greet: (who) => '${greeting}, ' + who + '!', describe: () => '${name}' };`;

/** A small installed tree: healthy plugins, a chain of requirements, and one of each kind of breakage. */
export const scenario: FixturePackage[] = [
  fixturePlugin({
    name: '@demo/hello',
    entries: { greeter: { hello: greeter('hello', 'Hello') } },
    peerDependencies: { 'demo-host': '^1.0.0' },
  }),
  fixturePlugin({
    name: '@demo/formal',
    version: '2.1.0',
    entries: { greeter: { formal: greeter('formal', 'Good day') } },
    requires: { hello: '^1.0.0' },
  }),
  fixturePlugin({
    name: 'greeter-pirate',
    entries: { greeter: { pirate: greeter('pirate', 'Ahoy') } },
    requires: { formal: '^2.0.0' },
  }),
  { name: 'broken-json', rawPackageJson: '{ "name": "broken-json", "plugboard": ' },
  { name: 'bad-manifest', plugboard: { entryPoints: { greeter: { typo: 42 } } } },
  fixturePlugin({
    name: 'too-new',
    entries: { greeter: { future: greeter('future', 'Hi') } },
    peerDependencies: { 'demo-host': '^2.0.0' },
  }),
  fixturePlugin({
    name: 'explodes',
    entries: { greeter: { boom: 'throw new Error("database unreachable")' } },
  }),
  fixturePlugin({
    name: 'needs-missing',
    entries: { greeter: { lonely: greeter('lonely', 'Hey') } },
    requires: { ghost: '^1.0.0' },
  }),
  { name: 'left-pad', version: '1.3.0' },
];
