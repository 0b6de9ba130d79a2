# A stand-in for the MySQL client in doctor's probe pod (see doctor.test.ts): it reads the option file as mysql does
# (one pair of quotes stripped, `\\` a backslash) and answers as a server whose user is $SERVER_USER with
# $SERVER_PASSWORD and the plugin $SERVER_PLUGIN, reachable unless $SERVER_DOWN is set.
[[ "$1" == --defaults-extra-file=* ]] || { echo 'mysql: --defaults-extra-file must be the first option' >&2; exit 2; }
cnf=${1#--defaults-extra-file=}
shift
host='' sql=''
for arg in "$@"; do
  case "$arg" in
    --host=*) host=${arg#*=} ;;
    --execute=*) sql=${arg#*=} ;;
  esac
done
if [[ -n "${SERVER_DOWN-}" ]]; then
  echo "ERROR 2003 (HY000): Can't connect to MySQL server on '$host:3306' (110)" >&2
  exit 1
fi
user='' password=''
while IFS= read -r line; do
  case "$line" in
    user=*) user=${line#user=} ;;
    password=*) password=${line#password=} ;;
  esac
done <"$cnf"
unquote() {
  local value=${1#\"}
  value=${value%\"}
  printf '%s' "${value//\\\\/\\}"
}
user=$(unquote "$user")
password=$(unquote "$password")
if [[ "$user" != "$SERVER_USER" || "$password" != "$SERVER_PASSWORD" ]]; then
  echo "ERROR 1045 (28000): Access denied for user '$user'@'10.0.1.23' (using password: YES)" >&2
  exit 1
fi
case "$sql" in
  'SELECT 1') echo 1 ;;
  'SHOW CREATE USER CURRENT_USER()')
    printf "CREATE USER \`%s\`@\`%%\` IDENTIFIED WITH '%s' AS '*SECRET-HASH' REQUIRE NONE PASSWORD EXPIRE DEFAULT\n" "$user" "$SERVER_PLUGIN" ;;
esac
