import { BashFunction, DIE, HELP_ONLY, LOG, REQUIRE_KUBECTL } from './bash-functions';
import { DIST_DIR, SCRIPTS } from './paths';
import type { ShellScriptSpec } from './shell-script';
import { CRDS_DIR, overlayDir } from '../layout/deployment-manifests';
import { VARIANTS } from '../manifests/variant';

/** Every kustomize entry point: what a user applies. */
const ENTRY_POINTS = [CRDS_DIR, ...VARIANTS.map(overlayDir)];

/** The file each entry point is built into: `crds.yaml`, `<variant>.yaml`. */
const builtName = (dir: string) => `${dir.split('/').pop()}.yaml`;

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
const BUILD_ALL: BashFunction = {
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

const buildParams = { ENTRY_POINTS };

export function renderScript(): ShellScriptSpec {
  return {
    summary: `Writes what kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/.`,
    usage: [
      `Usage: ${SCRIPTS.render} [-h]`,
      '',
      `Writes what kubectl kustomize builds from ${CRDS_DIR}/ and each overlay to ${DIST_DIR}/ (ignored by Git):`,
      ...ENTRY_POINTS.map((dir) => `  ${DIST_DIR}/${builtName(dir)} from ${dir}/`),
      'Needs kubectl, no cluster.',
    ],
    params: { ...buildParams, DIST_DIR },
    functions: [HELP_ONLY, REQUIRE_KUBECTL, BUILD_ALL],
    body: [
      'help_only "$@"',
      'require_kubectl',
      'mkdir -p "$DIST_DIR"',
      'build_all "$DIST_DIR"',
    ],
  };
}

export function validateScript(): ShellScriptSpec {
  return {
    summary: `Builds ${CRDS_DIR}/ and every overlay, and validates them with kubeconform when it is installed.`,
    usage: [
      `Usage: ${SCRIPTS.validate} [-h]`,
      '',
      `Builds ${CRDS_DIR}/ and every overlay with kubectl kustomize (${ENTRY_POINTS.join(', ')}), then validates`,
      'the objects against the Kubernetes schemas with kubeconform when it is on PATH, and says so when it skips that.',
      'Needs kubectl, no cluster; kubeconform downloads the schemas.',
    ],
    params: buildParams,
    functions: [HELP_ONLY, REQUIRE_KUBECTL, BUILD_ALL, LOG],
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
