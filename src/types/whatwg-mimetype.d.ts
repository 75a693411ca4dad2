/** The part of whatwg-mimetype (WHATWG MIME Sniffing's parser) PushPull uses; the package ships no types. */
declare module 'whatwg-mimetype/lib/mime-type.js' {
  export default class MIMEType {
    /** null when the string is not a MIME type. */
    static parse(text: string): MIMEType | null;
    /** `type/subtype`, lowercased. */
    readonly essence: string;
    readonly subtype: string;
    readonly parameters: { get(name: string): string | undefined };
  }
}
