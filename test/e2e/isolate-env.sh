# shellcheck shell=bash
# Sourced by test/e2e/run.sh and bench/resynth.sh. When they run as projen tasks (via npx), PATH starts with this
# repo's node_modules/.bin and npm exports npm_* variables about this package: drop both, so that the scaffolded repos
# only see their own tools and their own package.json.
isolate_from_this_package() {
  local clean_path="" entry name
  local -a path_entries
  IFS=':' read -r -a path_entries <<<"$PATH"
  for entry in "${path_entries[@]}"; do
    case "$entry" in
      */node_modules/.bin | "") ;;
      *) clean_path="${clean_path:+$clean_path:}$entry" ;;
    esac
  done
  export PATH="$clean_path"
  for name in $(compgen -e); do
    case "$name" in
      npm_package_* | npm_lifecycle_* | npm_config_local_prefix | npm_config_call | npm_command | INIT_CWD) unset "$name" ;;
    esac
  done
}
