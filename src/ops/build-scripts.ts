import { BashFunction, DIE, HELP_ONLY, LOG, REQUIRE_KUBECTL } from './bash-functions';
import { DIST_DIR, SCRIPTS } from './paths';
import type { ShellScriptSpec } from './shell-script';
import type { KfpConfig } from '../config';
import { CRDS_DIR, overlayDir } from '../layout/deployment-manifests';
import { externalObjects } from '../manifests/external-objects';
import { VARIANTS } from '../manifests/variant';
// Not from '../validate': synthesis needs the command line of the checks, not the checks and their schemas.
import { externalObjectSpec, VALIDATOR_BIN } from '../validate/objects';

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
    ...installs.flatMap((config) => config.variants.map((variant) =>
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

/** The validator of this package as the deployment repo installs it (a devDependency), from the repo root. */
export const VALIDATOR_PATH = `node_modules/.bin/${VALIDATOR_BIN}`;

/**
 * Builds `crds/` and every overlay, then runs this package's validator (`src/validate`) on `crds/` together with the
 * overlays of each variant: the same schema and reference checks as this package's tests, offline. The objects a
 * variant may refer to without defining them (the Secrets the user creates, those pods create at run time) come from
 * the options, as `<variant>:<spec>` words of one list; the overlays are one list too, each ending in its variant.
 */
export function validateScript(installs: readonly KfpConfig[]): ShellScriptSpec {
  const overlays = installs.flatMap((config) => config.variants.map((variant) => overlayDir(variant, config.root)));
  const external = VARIANTS.flatMap((variant) => installs.filter((config) => config.variants.includes(variant)).flatMap((config) =>
    externalObjects(config, variant).map((object) => `${variant}:${externalObjectSpec(object)}`)));
  return {
    summary: `Builds ${CRDS_DIR}/ and every overlay, and checks the objects against the Kubernetes schemas and each other, offline.`,
    usage: [
      `Usage: ${SCRIPTS.validate} [-h]`,
      '',
      `Builds ${CRDS_DIR}/ and every overlay with kubectl kustomize (${overlays.join(', ')}), then runs`,
      `${VALIDATOR_BIN} (from kfp-aws-project, a devDependency) on ${CRDS_DIR}/ together with the overlays of each variant:`,
      '  - every object against the Kubernetes schema of its kind (kubernetes-models, a devDependency);',
      '  - every reference between the objects: namespaces, ServiceAccounts, PriorityClasses, ConfigMaps and Secrets with',
      '    the keys the pods read, PVCs, volume mounts, selectors, Service target ports, binding roles and subjects.',
      '    The objects you create (README.md, "Secrets") and the ones pods create at run time are the only ones the',
      '    manifests may refer to without defining them:',
      ...external.map((word) => `      ${word}`),
      'When kubeconform is on PATH, it also checks the built objects strictly (it rejects unknown fields); it downloads',
      'the schemas. Needs kubectl and npm install, no cluster.',
    ],
    params: { CRDS_DIR, VARIANTS, OVERLAYS: overlays, EXTERNAL: external, VALIDATOR: VALIDATOR_PATH },
    functions: [HELP_ONLY, REQUIRE_KUBECTL, BUILD, LOG, DIE],
    body: [
      'help_only "$@"',
      'require_kubectl',
      '[[ -x "$VALIDATOR" ]] || die "$VALIDATOR is missing: run npm install (kfp-aws-project, a devDependency, installs it)"',
      'built=$(mktemp -d)',
      'trap \'rm -rf "$built"\' EXIT',
      'build "$CRDS_DIR" "$built/$CRDS_DIR.yaml"',
      'failed=""',
      'for variant in "${VARIANTS[@]}"; do',
      '  args=("$built/$CRDS_DIR.yaml")',
      '  for dir in "${OVERLAYS[@]}"; do',
      '    [[ "${dir##*/}" == "$variant" ]] || continue',
      '    file="$built/${dir//\\//_}.yaml"',
      '    build "$dir" "$file"',
      '    args+=("$file")',
      '  done',
      '  for object in "${EXTERNAL[@]}"; do',
      '    if [[ "${object%%:*}" == "$variant" ]]; then args+=(--external "${object#*:}"); fi',
      '  done',
      '  log "$CRDS_DIR/ with the $variant overlays: schemas and references"',
      '  "$VALIDATOR" "${args[@]}" || failed="$failed $variant"',
      'done',
      'if command -v kubeconform >/dev/null 2>&1; then',
      '  log "kubeconform: strict check against the Kubernetes schemas"',
      '  kubeconform -strict -ignore-missing-schemas -summary "$built"/*.yaml || failed="$failed kubeconform"',
      'else',
      '  log "kubeconform is not on PATH: skipped its strict check for unknown fields (https://github.com/yannh/kubeconform installs it)"',
      'fi',
      '[[ -z "$failed" ]] || die "validation failed:$failed (the problems are listed above)"',
    ],
  };
}
