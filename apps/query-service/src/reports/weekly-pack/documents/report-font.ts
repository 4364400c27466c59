import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A font file for CJK text and the name of the face in it (a .ttc holds several). */
export type ReportFont = { file: string; face: string };

/**
 * The font the zh-CN documents embed: `REPORT_FONT_FILE` (and `REPORT_FONT_FACE`, the PostScript name of
 * the face in a collection), else what fontconfig offers for Chinese text (Debian's fonts-wqy-microhei,
 * which scripts/ensure-chromium.sh installs). Undefined when neither gives one: the zh-CN documents are
 * then refused with a clear 503 and the en ones still work with the PDF's built-in fonts.
 */
export const findReportFont = (env: NodeJS.ProcessEnv = process.env): ReportFont | undefined => {
  if (env.REPORT_FONT_FILE)
    return existsSync(env.REPORT_FONT_FILE)
      ? { file: env.REPORT_FONT_FILE, face: env.REPORT_FONT_FACE ?? '' }
      : undefined;
  try {
    const [file, face] = execFileSync(
      'fc-match',
      ['-f', '%{file}|%{postscriptname}', 'sans-serif:lang=zh-cn'],
      {
        encoding: 'utf8',
        timeout: 5_000,
      },
    ).split('|');
    return file && existsSync(file) && /\.(ttf|otf|ttc)$/i.test(file)
      ? { file, face: face ?? '' }
      : undefined;
  } catch {
    return undefined;
  }
};
