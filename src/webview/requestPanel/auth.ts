/**
 * The Auth tab. Secret values (password, token, API key value, client secret) never enter the draft: each secret box
 * is a password field whose value goes to the host once with `auth/secret` when it changes, and is then cleared;
 * the box says "stored" when the host has it.
 */
import { field, h, select, show, textfield } from './dom';
import type { AuthDraft, SecretField } from './panelProtocol';

type Kind = AuthDraft['kind'];

const KINDS: ReadonlyArray<readonly [Kind, string]> = [
  ['none', 'No auth'],
  ['basic', 'Basic'],
  ['bearer', 'Bearer token'],
  ['apiKey', 'API key'],
  ['oauth2', 'OAuth 2.0 client credentials'],
];

export interface AuthHooks {
  readonly onChange: () => void;
  readonly storeSecret: (field: SecretField, value: string) => void;
}

class SecretBox {
  readonly input;
  readonly state = h('span', { class: 'secret-state' });
  readonly element: HTMLElement;
  private stored = false;

  constructor(
    readonly name: SecretField,
    caption: string,
    private readonly store: (field: SecretField, value: string) => void,
  ) {
    this.input = textfield(caption, () => undefined, { type: 'password', id: `secret-${name}`, autocomplete: 'off' });
    this.input.addEventListener('change', () => this.commit());
    this.element = field(caption, h('div', { class: 'line' }, this.input, this.state));
    this.setStored(false);
  }

  /** Hands a typed value to the host and clears the box; called on change and before a send. */
  commit(): void {
    const value = this.input.value;
    if (value === '') return;
    this.store(this.name, value);
    this.input.value = '';
    this.setStored(true);
  }

  setStored(stored: boolean): void {
    this.stored = stored;
    this.state.textContent = stored ? 'stored' : 'not set';
    this.state.className = `secret-state ${stored ? 'stored' : 'unset'}`;
    this.input.setAttribute('placeholder', stored ? '•••••• (stored; type to replace)' : '');
  }

  get isStored(): boolean {
    return this.stored;
  }
}

export class AuthTab {
  readonly element: HTMLElement;
  private kind: Kind = 'none';
  private readonly kindSelect;
  private readonly username;
  private readonly apiKeyName;
  private readonly apiKeyIn;
  private readonly tokenUrl;
  private readonly clientId;
  private readonly scope;
  private readonly clientAuth;
  private readonly secrets: Record<SecretField, SecretBox>;
  private readonly groups: Record<Kind, HTMLElement>;

  constructor(hooks: AuthHooks) {
    const changed = (): void => hooks.onChange();
    this.kindSelect = select(KINDS, 'Authentication', (value) => {
      this.kind = KINDS.find(([k]) => k === value)?.[0] ?? 'none';
      this.layout();
      hooks.onChange();
    });
    this.kindSelect.id = 'auth-kind';
    const secret = (name: SecretField, caption: string): SecretBox => new SecretBox(name, caption, hooks.storeSecret);
    this.secrets = {
      password: secret('password', 'Password'),
      token: secret('token', 'Token'),
      apiKeyValue: secret('apiKeyValue', 'Key value'),
      clientSecret: secret('clientSecret', 'Client secret'),
    };
    this.username = textfield('Username', changed, { id: 'auth-username' });
    this.apiKeyName = textfield('Key name', changed, { id: 'auth-apikey-name', placeholder: 'X-API-Key' });
    this.apiKeyIn = select(
      [
        ['header', 'Header'],
        ['query', 'Query parameter'],
      ],
      'Send the key in',
      changed,
    );
    this.tokenUrl = textfield('Token URL', changed, {
      id: 'auth-token-url',
      placeholder: 'https://auth.example.com/token',
    });
    this.clientId = textfield('Client ID', changed, { id: 'auth-client-id' });
    this.scope = textfield('Scope', changed, { id: 'auth-scope' });
    this.clientAuth = select(
      [
        ['basic', 'As a Basic auth header'],
        ['body', 'In the request body'],
      ],
      'Client authentication',
      changed,
    );
    this.groups = {
      none: h('p', { class: 'hint' }, 'No authentication is added to this request.'),
      basic: h('div', { class: 'fields' }, field('Username', this.username), this.secrets.password.element),
      bearer: h('div', { class: 'fields' }, this.secrets.token.element),
      apiKey: h(
        'div',
        { class: 'fields' },
        field('Key name', this.apiKeyName),
        this.secrets.apiKeyValue.element,
        field('Send in', this.apiKeyIn),
      ),
      oauth2: h(
        'div',
        { class: 'fields' },
        field('Token URL', this.tokenUrl),
        field('Client ID', this.clientId),
        this.secrets.clientSecret.element,
        field('Scope', this.scope),
        field('Client authentication', this.clientAuth),
      ),
    };
    this.element = h(
      'div',
      { class: 'auth' },
      h('div', { class: 'line' }, h('vscode-label', {}, 'Type'), this.kindSelect),
      ...Object.values(this.groups),
    );
    this.layout();
  }

  get(): AuthDraft {
    switch (this.kind) {
      case 'basic':
        return { kind: 'basic', username: this.username.value };
      case 'bearer':
        return { kind: 'bearer' };
      case 'apiKey':
        return {
          kind: 'apiKey',
          name: this.apiKeyName.value,
          in: this.apiKeyIn.value === 'query' ? 'query' : 'header',
        };
      case 'oauth2':
        return {
          kind: 'oauth2',
          tokenUrl: this.tokenUrl.value,
          clientId: this.clientId.value,
          scope: this.scope.value,
          clientAuth: this.clientAuth.value === 'body' ? 'body' : 'basic',
        };
      default:
        return { kind: 'none' };
    }
  }

  set(auth: AuthDraft): void {
    this.kind = auth.kind;
    this.kindSelect.value = auth.kind;
    if (auth.kind === 'basic') this.username.value = auth.username;
    if (auth.kind === 'apiKey') {
      this.apiKeyName.value = auth.name;
      this.apiKeyIn.value = auth.in;
    }
    if (auth.kind === 'oauth2') {
      this.tokenUrl.value = auth.tokenUrl;
      this.clientId.value = auth.clientId;
      this.scope.value = auth.scope;
      this.clientAuth.value = auth.clientAuth;
    }
    this.layout();
  }

  setSecretsSet(fields: readonly SecretField[]): void {
    for (const box of Object.values(this.secrets)) box.setStored(fields.includes(box.name));
  }

  /** Hands over any secret typed but not yet committed (the user sent with Ctrl+Enter from inside the box). */
  commitSecrets(): void {
    for (const box of Object.values(this.secrets)) box.commit();
  }

  private layout(): void {
    for (const [kind, group] of Object.entries(this.groups)) show(group, kind === this.kind);
  }
}
