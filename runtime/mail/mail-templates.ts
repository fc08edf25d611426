import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

/** The languages mail is written in; the first is the default (a customer without a preference, or an unknown one). */
export const MAIL_LOCALES = ['es', 'en', 'pt'] as const;
export type MailLocale = (typeof MAIL_LOCALES)[number];

export const mailLocaleOf = (language: string | null | undefined): MailLocale =>
  MAIL_LOCALES.find((locale) => locale === language?.toLowerCase().split('-')[0]) ?? MAIL_LOCALES[0];

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** How each language writes money and dates. */
const REGION: Record<MailLocale, string> = { es: 'es-CL', en: 'en-GB', pt: 'pt-BR' };

/**
 * Mail templates a shop can edit, as Handlebars files under one folder:
 *   <dir>/<locale>/<kind>.subject   one line
 *   <dir>/<locale>/<kind>.html      HTML; values are escaped
 *   <dir>/<locale>/<kind>.txt       plain text; values as they are
 *   <dir>/_<name>.html              partials shared by every language (`{{#> layout}}...{{/layout}}`)
 * A kind missing in a language falls back to the default language's. Files are read once, at first use.
 * Helpers: `money amountMinor currency`, `date "YYYY-MM-DD"`, `datetime iso` (in the shop's time zone), and
 * `{{#is a b}}...{{else}}...{{/is}}`. A value a template names but the mail lacks fails the rendering (strict).
 */
export class MailTemplates {
  private readonly compiled = new Map<string, Handlebars.TemplateDelegate>();
  private readonly handlebars = Handlebars.create();

  constructor(
    private readonly dir: string,
    private readonly timeZone = 'America/Santiago',
  ) {
    if (!existsSync(dir)) throw new Error(`no mail templates at ${dir}`);
    for (const file of readdirSync(dir).filter((name) => name.startsWith('_') && name.endsWith('.html'))) {
      this.handlebars.registerPartial(basename(file, '.html').slice(1), readFileSync(join(dir, file), 'utf8'));
    }
    this.handlebars.registerHelper('is', function (this: unknown, a: unknown, b: unknown, options: Handlebars.HelperOptions) {
      return a === b ? options.fn(this) : options.inverse(this);
    });
  }

  render(kind: string, locale: MailLocale, data: Record<string, unknown>): RenderedMail {
    const context = { ...data, locale };
    const part = (extension: string) => this.template(kind, locale, extension)(context, { helpers: this.localHelpers(locale) });
    return { subject: part('subject').replace(/\s+/g, ' ').trim(), html: part('html'), text: part('txt') };
  }

  private template(kind: string, locale: MailLocale, extension: string): Handlebars.TemplateDelegate {
    const key = `${locale}/${kind}.${extension}`;
    let template = this.compiled.get(key);
    if (!template) {
      const own = join(this.dir, locale, `${kind}.${extension}`);
      const file = existsSync(own) ? own : join(this.dir, MAIL_LOCALES[0], `${kind}.${extension}`);
      if (!existsSync(file)) throw new Error(`no mail template ${kind}.${extension} in ${this.dir}`);
      // Only HTML escapes: a subject or a text part must show "Rosa & Lila" as it is.
      template = this.handlebars.compile(readFileSync(file, 'utf8'), { noEscape: extension !== 'html', strict: true });
      this.compiled.set(key, template);
    }
    return template;
  }

  private localHelpers(locale: MailLocale): Record<string, Handlebars.HelperDelegate> {
    const region = REGION[locale];
    return {
      money: (amountMinor: number, currency: string) => {
        const format = new Intl.NumberFormat(region, { style: 'currency', currency });
        return format.format(amountMinor / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
      },
      // A delivery day is a calendar date: formatted as such, in no time zone.
      date: (day: string) => new Intl.DateTimeFormat(region, { dateStyle: 'full', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`)),
      datetime: (iso: string) => new Intl.DateTimeFormat(region, { dateStyle: 'long', timeStyle: 'short', timeZone: this.timeZone }).format(new Date(iso)),
    };
  }
}
