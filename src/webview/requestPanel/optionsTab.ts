/** The Options tab: per-request choices the sender honours. */
import { checkbox, h } from './dom';
import type { SendOptionsDraft } from './panelProtocol';

export class OptionsTab {
  readonly element: HTMLElement;
  private readonly follow;
  private readonly insecure;

  constructor(onChange: () => void) {
    this.follow = checkbox('Follow redirects (up to 10)', onChange, true);
    this.follow.id = 'option-follow-redirects';
    this.insecure = checkbox('Allow invalid certificates (self-signed, expired, wrong host)', onChange, true);
    this.insecure.id = 'option-allow-invalid-certificates';
    this.element = h(
      'div',
      { class: 'fields' },
      this.follow,
      this.insecure,
      h(
        'p',
        { class: 'hint' },
        'Allowing invalid certificates turns off a check that protects what you send; use it only for servers you know.',
      ),
    );
  }

  get(): SendOptionsDraft {
    return { followRedirects: this.follow.checked, allowInvalidCertificates: this.insecure.checked };
  }

  set(options: SendOptionsDraft): void {
    this.follow.checked = options.followRedirects;
    this.insecure.checked = options.allowInvalidCertificates;
  }
}
