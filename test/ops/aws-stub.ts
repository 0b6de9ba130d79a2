import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from '../util';

/**
 * A stand-in for the AWS CLI (the commands `doctor.sh` and the Pod Identity scripts call): it records each call and
 * answers from an {@link AwsAccount}, with the errors the CLI prints for what is missing (exit status 254).
 */
const AWS_STUB = `#!/usr/bin/env bash
set -euo pipefail
state=$AWS_STUB_STATE
printf '%s\\n' "$*" >>"$state/calls"
declare -A opt=()
service=$1 command=$2
shift 2
while [[ $# -gt 0 ]]; do opt[$1]=\${2-}; shift 2 || shift; done
error() { printf '\\nAn error occurred (%s) when calling the %s operation: %s\\n' "$1" "$2" "$3" >&2; exit 254; }
answer() { if [[ -f "$state/$1" ]]; then cat "$state/$1"; else error "$2" "$3" "$4"; fi; }
case "$service $command" in
  'sts get-caller-identity')
    [[ -f "$state/arn" ]] || { echo 'Unable to locate credentials. You can configure credentials by running "aws configure".' >&2; exit 253; }
    if [[ "\${opt[--query]}" == Account ]]; then cut -d: -f5 "$state/arn"; else cat "$state/arn"; fi ;;
  's3api get-bucket-location')
    answer "location/\${opt[--bucket]}" NoSuchBucket GetBucketLocation 'The specified bucket does not exist' ;;
  's3api get-public-access-block')
    answer "public-access/\${opt[--bucket]}" NoSuchPublicAccessBlockConfiguration GetPublicAccessBlock 'The public access block configuration was not found' ;;
  's3control get-public-access-block')
    answer "account-public-access" NoSuchPublicAccessBlockConfiguration GetPublicAccessBlock 'The public access block configuration was not found' ;;
  'iam get-role')
    answer "roles/\${opt[--role-name]}" NoSuchEntity GetRole "The role with name \${opt[--role-name]} cannot be found." ;;
  'iam get-open-id-connect-provider')
    answer "oidc/\${opt[--open-id-connect-provider-arn]##*/id/}" NoSuchEntity GetOpenIDConnectProvider "OpenIDConnect Provider not found for arn \${opt[--open-id-connect-provider-arn]}" ;;
  'eks list-pod-identity-associations')
    file=$state/associations/\${opt[--namespace]}/\${opt[--service-account]}
    if [[ -f "$file" ]]; then cut -d' ' -f1 "$file"; else echo None; fi ;;
  'eks describe-pod-identity-association')
    grep -rh "^\${opt[--association-id]} " "$state/associations" | cut -d' ' -f2 ;;
  *) echo "aws stand-in: unexpected command $service $command" >&2; exit 2 ;;
esac
`;

/** What the stand-in's AWS account holds. */
export interface AwsAccount {
  /** The caller's ARN; none means no credentials. */
  readonly callerArn?: string;
  /** The LocationConstraint of each bucket, as the CLI's text output prints it (`None` for us-east-1). */
  readonly buckets?: Readonly<Record<string, string>>;
  /** The four Block Public Access settings of each bucket that has them, as the text output prints them. */
  readonly publicAccess?: Readonly<Record<string, readonly boolean[]>>;
  /** The account's Block Public Access settings, if any. */
  readonly accountPublicAccess?: readonly boolean[];
  /** `get-role` of each role: its ARN and trust policy. */
  readonly roles?: Readonly<Record<string, { readonly arn: string; readonly trust: unknown }>>;
  /** The audiences of each OIDC provider, by its issuer without `https://`. */
  readonly oidcProviders?: Readonly<Record<string, readonly string[]>>;
  /** Pod Identity associations: `<namespace>/<ServiceAccount>` to `<id> <role>`. */
  readonly associations?: Readonly<Record<string, string>>;
}

export interface AwsStub {
  /** The folder to put first on PATH. */
  readonly bin: string;
  /** The environment the stand-in reads. */
  readonly env: Record<string, string>;
  /** The calls so far, one line each. */
  calls(): string[];
}

const flags = (values: readonly boolean[]) => `${values.map((v) => (v ? 'True' : 'False')).join('\t')}\n`;

/** Writes `account` where the stand-in answers from. */
export function awsStub(account: AwsAccount): AwsStub {
  const state = tempDir();
  const bin = tempDir();
  fs.writeFileSync(path.join(bin, 'aws'), AWS_STUB, { mode: 0o755 });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(state, file)), { recursive: true });
    fs.writeFileSync(path.join(state, file), text);
  };
  if (account.callerArn) write('arn', `${account.callerArn}\n`);
  for (const [bucket, location] of Object.entries(account.buckets ?? {})) write(`location/${bucket}`, `${location}\n`);
  for (const [bucket, values] of Object.entries(account.publicAccess ?? {})) write(`public-access/${bucket}`, flags(values));
  if (account.accountPublicAccess) write('account-public-access', flags(account.accountPublicAccess));
  for (const [name, role] of Object.entries(account.roles ?? {})) {
    write(`roles/${name}`, JSON.stringify({ Role: { RoleName: name, Arn: role.arn, AssumeRolePolicyDocument: role.trust } }, undefined, 4));
  }
  for (const [issuer, audiences] of Object.entries(account.oidcProviders ?? {})) write(`oidc/${issuer.split('/id/')[1]}`, `${audiences.join('\t')}\n`);
  for (const [ref, value] of Object.entries(account.associations ?? {})) write(`associations/${ref}`, `${value}\n`);
  fs.mkdirSync(path.join(state, 'associations'), { recursive: true });
  const calls = path.join(state, 'calls');
  return {
    bin,
    env: { AWS_STUB_STATE: state },
    calls: () => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf-8').trim().split('\n') : []),
  };
}
