#!/usr/bin/env node
import * as fs from 'fs';
import * as yaml from 'js-yaml';
import { ExternalObject, KubeObject, parseExternalObject, SchemaModels, SchemaModelsMissingError, validateObjects, VALIDATOR_BIN } from '.';

const USAGE = [
  `Usage: ${VALIDATOR_BIN} [--external KIND/[NAMESPACE/]NAME[=KEY,...]]... [FILE...]`,
  '',
  'Checks Kubernetes objects (multi-document YAML, as `kubectl kustomize DIR` prints them) as one set, without a cluster:',
  '  - each object against the Kubernetes schema of its apiVersion and kind (kubernetes-models 4.x, installed beside',
  '    this package); a kind it has no schema for is a problem;',
  '  - every reference between them: namespaces; the ServiceAccount, PriorityClass, ConfigMaps and Secrets (with the',
  '    keys read), PVCs, image pull Secrets and volume mounts of each pod; workload and Service selectors; named Service',
  '    target ports; the role and ServiceAccount subjects of each binding; and no object given twice.',
  'Reads each FILE, or standard input without FILE or for -.',
  '',
  '  --external SPEC  an object the set refers to but does not contain, because something else creates it (a Secret',
  '                   you create, one a workload creates at run time); without =KEY,... any key of it may be read',
  '  -h, --help       print this text',
  '',
  'Exit status: 0 when nothing is wrong; 1 with the problems listed on standard error; 2 for a wrong invocation, a file',
  'that cannot be read or parsed, or a missing kubernetes-models.',
];

/** Where the command reads and writes; the tests give their own. */
export interface CliIo {
  readonly readFile: (file: string) => string;
  readonly readStdin: () => string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

const PROCESS_IO: CliIo = {
  readFile: (file) => fs.readFileSync(file, 'utf-8'),
  readStdin: () => fs.readFileSync(0, 'utf-8'),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** A wrong invocation or input the checks cannot start on: exit status 2. */
class UsageError extends Error {}

/** Runs `kfp-aws-validate` with `args` (without the command); returns the exit status. */
export function runValidator(args: readonly string[], io: CliIo = PROCESS_IO, loadModels: () => SchemaModels = SchemaModels.load): number {
  try {
    const { files, external, help } = parseArgs(args);
    if (help) {
      USAGE.forEach(io.out);
      return 0;
    }
    const objects = files.flatMap((file) => readObjects(file, io));
    const problems = objects.length === 0 ? ['no objects to check'] : validateObjects(objects, external, loadModels());
    const source = files.map((file) => (file === '-' ? 'standard input' : file)).join(', ');
    if (problems.length > 0) {
      io.err(`${VALIDATOR_BIN}: ${problems.length} problem${problems.length === 1 ? '' : 's'} in ${source}:`);
      for (const problem of problems) io.err(`  - ${problem}`);
      return 1;
    }
    io.out(`${VALIDATOR_BIN}: ${objects.length} objects in ${source}: every schema and reference is valid`);
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof SchemaModelsMissingError)) throw error;
    io.err(`${VALIDATOR_BIN}: ${error.message}`);
    if (error instanceof UsageError) io.err(`Run ${VALIDATOR_BIN} --help for the usage.`);
    return 2;
  }
}

function parseArgs(args: readonly string[]): { files: string[]; external: ExternalObject[]; help: boolean } {
  const files: string[] = [];
  const external: ExternalObject[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') return { files, external, help: true };
    if (arg === '--external') {
      const spec = args[++i];
      if (spec === undefined) throw new UsageError('--external needs a value');
      try {
        external.push(parseExternalObject(spec));
      } catch (error: any) {
        throw new UsageError(`--external: ${error.message}`);
      }
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  return { files: files.length > 0 ? files : ['-'], external, help: false };
}

/** The objects of one YAML stream; empty documents are skipped. */
function readObjects(file: string, io: CliIo): KubeObject[] {
  const name = file === '-' ? 'standard input' : file;
  let documents: unknown[];
  try {
    documents = yaml.loadAll(file === '-' ? io.readStdin() : io.readFile(file));
  } catch (error: any) {
    throw new UsageError(`cannot read ${name}: ${error.message}`);
  }
  return documents.flatMap((document, i) => {
    if (document === null || document === undefined) return [];
    if (typeof document !== 'object' || Array.isArray(document)) throw new UsageError(`document ${i + 1} of ${name} is not an object`);
    return [document];
  });
}

if (require.main === module) process.exitCode = runValidator(process.argv.slice(2));
