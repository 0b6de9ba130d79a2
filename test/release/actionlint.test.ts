import { actionlint } from '../actionlint';

test('actionlint finds what it should: a broken workflow is not clean', async () => {
  const broken = [
    'on: push',
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    needs: [missing]',
    '    steps:',
    '      - run: echo ${{ github.no_such_field }}',
  ].join('\n');
  const findings = await actionlint({ 'broken.yml': broken });
  expect(findings).toEqual(expect.arrayContaining([
    expect.stringMatching(/^broken\.yml:3:.*missing.*\[job-needs\]$/),
    expect.stringMatching(/^broken\.yml:7:.*no_such_field.*\[expression\]$/),
  ]));
});
