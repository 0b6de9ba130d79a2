import * as fs from 'fs';
import * as path from 'path';

/** The name this package is published under. */
export const PACKAGE_NAME = 'kfp-aws-project';

/**
 * What this package's validator (the `validate` task) loads but this library does not depend on: the Kubernetes
 * schemas (26 MB) and cert-manager's. The deployment repo gets the ranges this package is tested with.
 */
const VALIDATOR_DEPENDENCIES = ['kubernetes-models', '@kubernetes-models/cert-manager'];

/** An exact semver version (`1.2.3`, `1.2.3-rc.1`), which npm installs as is. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** A dist-tag (`latest`, `next`) or `x`: a name without `:`, `/`, `.`-paths or range operators. */
const DIST_TAG = /^[A-Za-z][\w.-]*$/;

/**
 * projen, constructs and cdk8s (this package's peers) pinned to the versions it was built and tested with, allowing
 * patch releases for projen (0.x) and minor releases for the others.
 */
export function ownDependencies(): string[] {
  const { peerDependencies = {}, devDependencies = {} } = readOwnPackageJson();
  return Object.keys(peerDependencies).map((name) => `${name}@^${devDependencies[name]}`);
}

/** {@link VALIDATOR_DEPENDENCIES} in the ranges of this package's devDependencies. */
export function validatorDependencies(): string[] {
  const { devDependencies = {} } = readOwnPackageJson();
  return VALIDATOR_DEPENDENCIES.map((name) => `${name}@${devDependencies[name]}`);
}

/** Whether `spec` is an npm spec of this package (`kfp-aws-project` or `kfp-aws-project@...`). */
export function isSelfSpec(spec: string): boolean {
  return spec === PACKAGE_NAME || spec.startsWith(`${PACKAGE_NAME}@`);
}

/**
 * The deployment repo's dependency on this package, from the spec `projen new --from` recorded in `devDeps`:
 * - none, or one that installs from the registry without a range of its own (`kfp-aws-project`,
 *   `kfp-aws-project@1.2.3`, `kfp-aws-project@latest`): `kfp-aws-project@^<the version running>`. The upgrade task's
 *   `npm update` then takes every later minor and patch release, and the re-synthesis that follows raises the floor
 *   to the release that ran it; a major release (a breaking change) waits for the user;
 * - a range of the user's (`@^1.2.0`, `@~1.2.3`): as written;
 * - anything else (`file:` or a path to a tarball or folder, a URL, a Git repository): as written, for local testing.
 */
export function selfDependency(devDeps: readonly string[]): string {
  const recorded = devDeps.find(isSelfSpec);
  const version = recorded === undefined || recorded === PACKAGE_NAME ? '' : recorded.slice(PACKAGE_NAME.length + 1);
  const unranged = version === '' || version === '*' || EXACT_VERSION.test(version) || DIST_TAG.test(version);
  return unranged ? `${PACKAGE_NAME}@^${readOwnPackageJson().version}` : recorded!;
}

interface OwnPackageJson {
  readonly version: string;
  readonly peerDependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
}

function readOwnPackageJson(): OwnPackageJson {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
}
