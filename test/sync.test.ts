import * as fs from 'fs';
import * as path from 'path';
import { IamMechanism } from '../src';
import { allReleases, mechanismsOf, synthToDisk, readTree } from './util';
import { AWS_CREDENTIALS, MYSQL_CREDENTIALS } from '../src/ops/paths';

describe.each(allReleases().flatMap(([kfpVersion, release]) => mechanismsOf(release).map((mechanism) => [kfpVersion, mechanism])))(
  're-synthesis of KFP %s with %s', (kfpVersion, mechanism) => {
    test('is idempotent on disk: a second synthesis leaves the tree as the first wrote it', () => {
      const options = { kfpVersion, bucket: 'sync-test', iam: { mechanism: mechanism as IamMechanism } };
      const outdir = synthToDisk(options);
      const first = readTree(outdir, true);

      synthToDisk(options, outdir);

      expect(readTree(outdir, true)).toEqual(first);
    });
  });

describe('re-synthesis', () => {

  test('restores a hand edit of a generated manifest, read-only again', () => {
    // GIVEN a generated manifest someone made writable and edited
    const outdir = synthToDisk({ bucket: 'sync-test' });
    const manifest = path.join(outdir, 'base/workflow-controller/deployment.workflow-controller.yaml');
    const generated = fs.readFileSync(manifest, 'utf-8');
    fs.chmodSync(manifest, 0o644);
    const edited = generated.replace(/^(\s*)image: .*$/m, '$1image: example.com/my-fork:latest');
    expect(edited).not.toBe(generated);
    fs.writeFileSync(manifest, edited);

    // WHEN the repo is synthesized again
    synthToDisk({ bucket: 'sync-test' }, outdir);

    // THEN the generated content is back and the file is read-only
    expect(fs.readFileSync(manifest, 'utf-8')).toBe(generated);
    expect(fs.statSync(manifest).mode.toString(8).slice(-3)).toBe('444');
  });

  test('removes the folder of an additional install once it is no longer in the options, and leaves the others', () => {
    // GIVEN a repo with two additional installs
    const installs = [{ namespace: 'team-b' }, { namespace: 'team-c' }];
    const outdir = synthToDisk({ bucket: 'sync-test', additionalInstalls: installs });
    expect(fs.existsSync(path.join(outdir, 'installs/team-b/overlay/iam/kustomization.yaml'))).toBe(true);
    const teamC = readTree(path.join(outdir, 'installs/team-c'), true);

    // WHEN team-b is removed from the options
    synthToDisk({ bucket: 'sync-test', additionalInstalls: installs.slice(1) }, outdir);

    // THEN its folder is gone, team-c's is as it was, and the repo is what a fresh synthesis writes
    expect(fs.existsSync(path.join(outdir, 'installs/team-b'))).toBe(false);
    expect(readTree(path.join(outdir, 'installs/team-c'), true)).toEqual(teamC);
    expect(readTree(outdir, true)).toEqual(readTree(synthToDisk({ bucket: 'sync-test', additionalInstalls: installs.slice(1) }), true));

    // and removing the last one removes installs/
    synthToDisk({ bucket: 'sync-test' }, outdir);
    expect(fs.existsSync(path.join(outdir, 'installs'))).toBe(false);
  });

  test('keeps the folder of a removed install while it holds a file of the user\'s, such as its credentials', () => {
    const outdir = synthToDisk({ bucket: 'sync-test', additionalInstalls: [{ namespace: 'team-b' }] });
    fs.writeFileSync(path.join(outdir, 'installs/team-b/mysql-credentials.env'), 'MYSQL_PASSWORD=x\n');

    synthToDisk({ bucket: 'sync-test' }, outdir);

    expect(fs.readdirSync(path.join(outdir, 'installs/team-b'))).toEqual(['mysql-credentials.env']);
  });

  test.each([[AWS_CREDENTIALS.example], [MYSQL_CREDENTIALS.example]])(
    'regenerates %s from the options: a hand edit goes, a change of the options shows',
    (example: string) => {
      // GIVEN the example, edited by hand
      const outdir = synthToDisk({ bucket: 'sync-test', namespace: 'ml' });
      const file = path.join(outdir, example);
      const generated = fs.readFileSync(file, 'utf-8');
      fs.chmodSync(file, 0o644);
      fs.writeFileSync(file, 'MINE=1\n');

      // WHEN the repo is synthesized again, same options and then others
      synthToDisk({ bucket: 'sync-test', namespace: 'ml' }, outdir);
      const again = fs.readFileSync(file, 'utf-8');
      synthToDisk({ bucket: 'sync-test', namespace: 'ml', externalDatabase: { host: 'kfp.example.com' }, accessKey: { secretName: 'aws-creds' } }, outdir);

      // THEN it is the generated file again, read-only, and follows the options
      expect(again).toBe(generated);
      expect(fs.statSync(file).mode.toString(8).slice(-3)).toBe('444');
      expect(fs.readFileSync(file, 'utf-8')).not.toBe(generated);
    },
  );
});
