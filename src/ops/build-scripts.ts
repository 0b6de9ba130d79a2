import { BashFunction, DIE, HELP_ONLY, LOG, REQUIRE_KUBECTL } from './bash-functions';
import { DIST_DIR, SCRIPTS } from './paths';
import type { ShellScriptSpec } from './shell-script';
import type { KfpConfig } from '../config';
import { CRDS_DIR, overlayDir } from '../layout/deployment-manifests';
import { VARIANTS } from '../manifests/variant';

/** A kustomize entry point, what a user applies, and the file `render` builds it into. */
interface EntryPoint {
  readonly dir: string;
  /** `crds.yaml`, `<variant>.yaml`; `<namespace>-<variant>.yaml` for the overlays of an additional install. */
  readonly built: string;
}

/** `crds/` and every overlay of every install. */
function entryPoints(installs: readonly KfpConfig[]): EntryPoint[] {
  return [
    { dir: CRDS_DIR, built: `${CRDS_DIR}.yaml` },
    ...installs.flatMap((config) => VARIANTS.map((variant) =>
      ({ dir: overlayDir(variant, config.root), built: `${config.root ? `${config.namespace}-` : ''}${variant}.yaml` }))),
  ];
}

/** `build DIR FILE`: what kustomize builds from DIR, into FILE; FILE is left as it was when the build fails. */
const BUILD: BashFunction = {
  uses: [DIE, LOG],
  lines: [
    'build() {',
    '  if ! kubectl kustomize "$1" >"$2.partial"; then',
    '    rm -f "$2.partial"',
    '    die "kubectl kustomize $1 failed (its error is above)"',
    '  fi',
    '  mv -f "$2.partial" "$2"',
    '  log "$1 -> $2: $(grep -c \'^kind:\' "$2" || true) objects"',
    '}',
  ],
};

/** `build_all DIR`: builds every entry point into DIR, each as `<last path segment>.yaml`. */
const BUILD_ALL_BY_FOLDER: BashFunction = {
  uses: [BUILD],
  lines: [
    'build_all() {',
    '  local dir',
    '  for dir in "${ENTRY_POINTS[@]}"; do',
    '    build "$dir" "$1/${dir##*/}.yaml"',
    '  done',
    '}',
  ],
};

/** `build_all DIR`: builds every entry point into DIR, each as the file of the same index in `BUILT`. */
const BUILD_ALL_BY_LIST: BashFunction = {
  uses: [BUILD],
  lines: [
    'build_all() {',
    '  local i',
    '  for i in "${!ENTRY_POINTS[@]}"; do',
    '    build "${ENTRY_POINTS[$i]}" "$1/${BUILT[$i]}"',
    '  done',
    '}',
  ],
};

/**
 * What `build_all` reads, and the function. The files are named after the folders' last segment while that names
 * each apart (one install), else listed one by one.
 */
function buildAll(installs: readonly KfpConfig[]): { entries: EntryPoint[]; params: Record<string, string[]>; function: BashFunction } {
  const entries = entryPoints(installs);
  const ENTRY_POINTS = entries.map((e) => e.dir);
  return entries.every((e) => e.built === `${e.dir.split('/').pop()}.yaml`)
    ? { entries, params: { ENTRY_POINTS }, function: BUILD_ALL_BY_FOLDER }
    : { entries, params: { ENTRY_POINTS, BUILT: entries.map((e) => e.built) }, function: BUILD_ALL_BY_LIST };
}

export function renderScript(installs: readonly KfpConfig[]): ShellScriptSpec {
  const build = buildAll(installs);
  return {
    summary: `Writes what kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/.`,
    usage: [
      `Usage: ${SCRIPTS.render} [-h]`,
      '',
      `Writes what kubectl kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/ (ignored by Git):`,
      ...build.entries.map(({ dir, built }) => `  ${DIST_DIR}/${built} from ${dir}/`),
      'Needs kubectl, no cluster.',
    ],
    params: { ...build.params, DIST_DIR },
    functions: [HELP_ONLY, REQUIRE_KUBECTL, build.function],
    body: [
      'help_only "$@"',
      'require_kubectl',
      'mkdir -p "$DIST_DIR"',
      'build_all "$DIST_DIR"',
    ],
  };
}

export function validateScript(installs: readonly KfpConfig[]): ShellScriptSpec {
  const build = buildAll(installs);
  return {
    summary: `Builds ${CRDS_DIR}/ and every overlay, and validates them with kubeconform when it is installed.`,
    usage: [
      `Usage: ${SCRIPTS.validate} [-h]`,
      '',
      `Builds ${CRDS_DIR}/ and every overlay with kubectl kustomize (${build.entries.map((e) => e.dir).join(', ')}), then validates`,
      'the objects against the Kubernetes schemas with kubeconform when it is on PATH, and says so when it skips that.',
      'Needs kubectl, no cluster; kubeconform downloads the schemas.',
    ],
    params: build.params,
    functions: [HELP_ONLY, REQUIRE_KUBECTL, build.function, LOG],
    body: [
      'help_only "$@"',
      'require_kubectl',
      'built=$(mktemp -d)',
      'trap \'rm -rf "$built"\' EXIT',
      'build_all "$built"',
      'if command -v kubeconform >/dev/null 2>&1; then',
      '  log "kubeconform: validating against the Kubernetes schemas"',
      '  kubeconform -strict -ignore-missing-schemas -summary "$built"/*.yaml',
      'else',
      '  log "kubeconform is not on PATH: skipped the schema validation (https://github.com/yannh/kubeconform installs it)"',
      'fi',
    ],
  };
}
