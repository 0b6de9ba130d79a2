/**
 * Rules for option values. Each returns why a value is wrong, or `undefined` when it is fine, so the caller can
 * collect every problem into one error.
 */
import { iamRoleName } from './aws-names';
import { TRUST_POLICY_QUOTA } from './types';

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** RFC 1123 label: namespaces and Service names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63 || !DNS_LABEL.test(value)) {
    return 'is not an RFC 1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
  }
  return undefined;
}

/** RFC 1123 subdomain: Secret, ConfigMap and most object names. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 253 || !value.split('.').every((label) => DNS_LABEL.test(label))) {
    return 'is not a valid Kubernetes object name (RFC 1123 subdomain: lower-case letters, digits, "-" and ".")';
  }
  return undefined;
}

/** A key in a Secret or ConfigMap. */
export function dataKeyProblem(value: string): string | undefined {
  if (value.length === 0 || value.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(value)) {
    return 'is not a valid Secret key (letters, digits, "-", "_" and ".")';
  }
  return undefined;
}

/** An annotation key: an optional DNS-subdomain prefix and `/`, then a name of at most 63 characters. */
export function annotationKeyProblem(value: string): string | undefined {
  const parts = value.split('/');
  const name = parts.pop() ?? '';
  const prefixOk = parts.length === 0 || (parts.length === 1 && dnsSubdomainProblem(parts[0]) === undefined);
  if (!prefixOk || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return 'is not a valid annotation key such as "iam.amazonaws.com/role"';
  }
  return undefined;
}

const RESERVED_BUCKET_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const RESERVED_BUCKET_SUFFIXES = ['-s3alias', '--ol-s3', '.mrap', '--x-s3', '--table-s3'];

/** The S3 general-purpose bucket naming rules. */
export function bucketNameProblem(value: string): string | undefined {
  if (value.length < 3 || value.length > 63) return 'is not a valid S3 bucket name: it must be 3 to 63 characters long';
  if (!/^[a-z0-9.-]+$/.test(value)) return 'is not a valid S3 bucket name: only lower-case letters, digits, "." and "-" are allowed';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(value)) return 'is not a valid S3 bucket name: it must start and end with a letter or digit';
  if (value.includes('..')) return 'is not a valid S3 bucket name: it must not contain two adjacent periods';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(value)) return 'is not a valid S3 bucket name: it must not look like an IP address';
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => value.startsWith(p));
  if (prefix) return `is not a valid S3 bucket name: the prefix "${prefix}" is reserved`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => value.endsWith(s));
  if (suffix) return `is not a valid S3 bucket name: the suffix "${suffix}" is reserved`;
  return undefined;
}

const REGION = /^(af|ap|ca|cn|eu|il|me|mx|sa|us)(-gov)?-(central|north|south|east|west|northeast|northwest|southeast|southwest)-\d{1,2}$/;

/**
 * The regions of the partitions KFP's S3 clients can use (commercial, China, GovCloud), from the AWS SDK for
 * JavaScript's partition data (`@aws-sdk/core` 3.981.2, `submodules/client/util-endpoints/lib/aws/partitions.js`).
 * A region AWS opens later needs a release of this package that lists it.
 */
export const AWS_REGIONS: readonly string[] = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
  'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1',
  'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'me-west-1', 'mx-central-1', 'sa-east-1',
  'sa-west-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
  'cn-north-1', 'cn-northwest-1',
  'us-gov-east-1', 'us-gov-west-1',
];

/** An AWS region of the commercial, China or GovCloud partition. */
export function regionProblem(value: string): string | undefined {
  if (/-iso[a-z]?-/.test(value)) return 'is in an ISO partition, which is not supported';
  if (/^eusc-/.test(value)) return 'is in the European Sovereign Cloud partition, which is not supported';
  if (!REGION.test(value)) return 'is not an AWS region such as "eu-west-1", "cn-north-1" or "us-gov-west-1"';
  if (value.startsWith('cn-') && !AWS_REGIONS.includes(value)) return 'is not a region of the China partition';
  if (!AWS_REGIONS.includes(value)) return `is not an AWS region (known: ${AWS_REGIONS.join(', ')})`;
  return undefined;
}

/** An S3 key prefix: path segments without leading, trailing or doubled `/`. */
export function keyPrefixProblem(value: string): string | undefined {
  if (!/^[A-Za-z0-9!_.*'()-]+(\/[A-Za-z0-9!_.*'()-]+)*$/.test(value)) {
    return 'is not an S3 key prefix (segments of letters, digits and !_.*\'()- separated by "/", no leading or trailing "/")';
  }
  return undefined;
}

/**
 * The ARN of a KMS key, not of an alias: the role policies name the key as their resource, and S3 records the key ARN
 * the bucket's default encryption gives (`ServerSideEncryptionByDefault.KMSMasterKeyID` takes both; AWS recommends the
 * key ARN for a customer managed key).
 */
const KMS_KEY_ARN = /^arn:aws(-cn|-us-gov)?:kms:[a-z]{2}(-gov)?-[a-z]+-\d{1,2}:\d{12}:key\/[A-Za-z0-9-]{1,128}$/;

/** A KMS key ARN in the partition `partition`. */
export function kmsKeyArnProblem(value: string, partition: string): string | undefined {
  if (!KMS_KEY_ARN.test(value)) return 'is not the ARN of a KMS key such as "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" (an alias is not accepted)';
  const arnPartition = value.split(':')[1];
  return arnPartition === partition ? undefined : `is in the partition ${arnPartition}, but the bucket's region is in ${partition}`;
}

const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;

/** An IAM role ARN. */
export function roleArnProblem(value: string): string | undefined {
  return ROLE_ARN.test(value) ? undefined : 'is not an IAM role ARN such as "arn:aws:iam::123456789012:role/kfp"';
}

/** An IAM role ARN, or a role name (kube2iam accepts both); {@link roleNameLengthProblem} checks the name's length. */
export function roleArnOrNameProblem(value: string): string | undefined {
  return ROLE_ARN.test(value) || /^[\w+=,.@-]+$/.test(value) ? undefined : 'is neither an IAM role ARN nor a role name';
}

/** IAM's longest role name: 64 characters (docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html). */
export const ROLE_NAME_MAX = 64;

/** A role, as an ARN or a name, whose name IAM would refuse for its length. */
export function roleNameLengthProblem(value: string): string | undefined {
  const length = iamRoleName(value).length;
  return length > ROLE_NAME_MAX ? `has a role name of ${length} characters, over IAM's ${ROLE_NAME_MAX}` : undefined;
}

/** `iam.trustPolicyQuota`: a whole number from IAM's default quota to the most Service Quotas grants. */
export function trustPolicyQuotaProblem(value: number): string | undefined {
  const { default: least, max } = TRUST_POLICY_QUOTA;
  return Number.isInteger(value) && value >= least && value <= max ? undefined
    : `is not a trust policy quota IAM can have: a whole number of characters from ${least} (the default) to ${max} (the most Service Quotas grants)`;
}

/** A Kubernetes quantity for storage, greater than zero. */
export function storageQuantityProblem(value: string): string | undefined {
  const match = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(value);
  if (!match) return 'is not a Kubernetes quantity such as "20Gi"';
  if (Number(match[1]) <= 0) return 'must be greater than zero';
  return undefined;
}

/** A host name or IP address, without scheme, port or path. */
export function hostProblem(value: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'is a URL: give the host name alone (without scheme, port or path)';
  const labels = value.split('.');
  if (value.length === 0 || value.length > 253 || !labels.every((label) => /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/.test(label))) {
    return 'is not a host name or IPv4 address (no scheme, port or path)';
  }
  return undefined;
}

/** A TCP port. */
export function portProblem(value: string): string | undefined {
  const port = Number(value);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : 'is not a TCP port (an integer from 1 to 65535)';
}

/** A Go duration as `time.ParseDuration` reads it, such as "120s" or "1h30m". */
export function durationProblem(value: string): string | undefined {
  return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value) ? undefined : 'is not a Go duration such as "120s" or "5m"';
}

/** An EKS OIDC provider as IAM names it: the issuer URL without `https://`. */
export function oidcProviderProblem(value: string): string | undefined {
  if (value.startsWith('https://')) return 'starts with "https://": give the issuer without the scheme, as IAM names the provider';
  return /^[a-z0-9.-]+(\/[A-Za-z0-9._-]+)*$/.test(value) ? undefined : 'is not an OIDC provider such as "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B716D3041E"';
}

/** An EKS cluster name (CreateCluster: `^[0-9A-Za-z][A-Za-z0-9\-_]*`, at most 100 characters). */
export function eksClusterNameProblem(value: string): string | undefined {
  return /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/.test(value) ? undefined
    : 'is not an EKS cluster name (letters, digits, "-" and "_", starting with a letter or digit, at most 100 characters)';
}
