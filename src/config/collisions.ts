import { S3_CONSUMERS } from '../catalog';
import { iamRoleName } from './aws-names';
import { consumerRole, consumerRoleOption, RoleConsumer, SECRETS_READER } from './secrets-manager';
import type { KfpConfig } from './types';

/** An install as resolved from its options, before the release, the GitOps tools and the repo-wide image mapping are attached. */
export type ResolvedInstall = Omit<KfpConfig, 'release' | 'gitopsTools' | 'images'>;

/** Collects problems, each naming its option. */
export class Problems {
  public readonly list: string[] = [];
  add(problem: string) {
    this.list.push(problem);
  }
  check(option: string, value: string, problem: (v: string) => string | undefined) {
    const why = problem(value);
    if (why) this.list.push(`${option}: ${JSON.stringify(value)} ${why}`);
  }
}

/** Rejects installs that would share a namespace, the same S3 keys or the same databases of an external server. */
export function checkCollisions(installs: readonly ResolvedInstall[], problems: Problems) {
  const name = (i: number) => (i === 0 ? '' : `additionalInstalls[${i - 1}].`);
  installs.forEach((install, i) => {
    for (let j = 0; j < i; j++) {
      const other = installs[j];
      if (install.namespace === other.namespace) {
        problems.add(`${name(i)}namespace: ${JSON.stringify(install.namespace)} is already the namespace of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`}; each install needs its own`);
        continue;
      }
      const { mysql } = install;
      if (mysql.external && other.mysql.external && mysql.host === other.mysql.host && mysql.port === other.mysql.port) {
        const shared = mysql.databases.filter((db) => other.mysql.databases.includes(db));
        if (shared.length > 0) {
          problems.add(`${name(i)}externalDatabase: databases ${shared.join(', ')} on ${mysql.host}:${mysql.port} are also those of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`}; give each install its own (pipelineDb, metadataDb, cacheDb)`);
        }
      }
      if (install.s3.bucket !== other.s3.bucket || install.s3.endpoint !== other.s3.endpoint) continue;
      if (install.s3.kmsKeyArn !== other.s3.kmsKeyArn) {
        const key = (arn?: string) => (arn ? JSON.stringify(arn) : 'none (SSE-S3)');
        problems.add(`${name(i)}bucketKmsKeyArn: ${key(install.s3.kmsKeyArn)} differs from the key of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`}, ${key(other.s3.kmsKeyArn)}, in the same bucket ${install.s3.bucket}, which has one default encryption; give both the same bucketKmsKeyArn`);
      }
      const theirs = [other.s3.artifactPrefix, other.s3.pipelinePrefix];
      for (const option of ['artifactPrefix', 'pipelinePrefix'] as const) {
        const mine = install.s3[option];
        const clash = theirs.find((p) => p === mine || p.startsWith(`${mine}/`) || mine.startsWith(`${p}/`));
        if (clash) {
          problems.add(`${name(i)}${option}: ${JSON.stringify(mine)} overlaps ${JSON.stringify(clash)} of ${j === 0 ? 'the top-level install' : `additionalInstalls[${j - 1}]`} in bucket ${install.s3.bucket}; give each install its own prefixes`);
        }
      }
    }
  });
}

/**
 * Rejects two role ARNs with the same name: `iam/` names the files of a role by its name. A kube2iam role name and an
 * ARN with that name are taken as the same role.
 */
export function checkRoleNames(installs: readonly ResolvedInstall[], problems: Problems) {
  const seen = new Map<string, { arn: string; option: string }>();
  installs.forEach((install, i) => {
    const prefix = i === 0 ? '' : `additionalInstalls[${i - 1}].`;
    const consumers: RoleConsumer[] = [...S3_CONSUMERS, ...install.secretsManager ? [SECRETS_READER] : []];
    for (const consumer of consumers) {
      const role = consumerRole(install, consumer);
      if (!role.includes(':')) continue;
      const option = `${prefix}${consumerRoleOption(install, consumer)}`;
      const first = seen.get(iamRoleName(role));
      if (!first) {seen.set(iamRoleName(role), { arn: role, option });} else if (first.arn !== role && !problems.list.some((p) => p.startsWith(`${option}:`))) {
        problems.add(`${option}: ${JSON.stringify(role)} has the name of ${first.option} ${JSON.stringify(first.arn)}; iam/ names each role's files by its name, so give different roles different names`);
      }
    }
  });
}
