import { spawnSync } from 'node:child_process';

interface LintReport {
  count: number;
  summary: { errors: number; warnings: number; notices: number };
  errors: { code: string; message: string; file?: string }[];
  warnings: { code: string; message: string; file?: string }[];
}

/** web-ext lint on the Firefox build: one check, passed when addons-linter reports no error. */
export function lintFirefoxBuild(sourceDir = 'dist-firefox'): boolean {
  const result = spawnSync('npx', ['web-ext', 'lint', '--source-dir', sourceDir, '--output', 'json', '--no-config-discovery'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  let report: LintReport;
  try {
    report = JSON.parse(result.stdout) as LintReport;
  } catch {
    console.error(`web-ext lint: no report (exit ${result.status}): ${result.stderr}`);
    return false;
  }
  for (const { code, message, file } of [...report.errors, ...report.warnings]) {
    console.log(`  ${report.errors.some((error) => error.code === code) ? 'error' : 'warning'} ${code} ${file ?? ''}: ${message}`);
  }
  const { errors, warnings, notices } = report.summary;
  console.log(`web-ext lint ${sourceDir}: ${errors} errors, ${warnings} warnings, ${notices} notices`);
  return errors === 0;
}
