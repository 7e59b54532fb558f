import { type HtmlValue, html, type SafeHtml } from '../report/html.ts';

/**
 * Form controls in the NL Design System's markup: a label for every control, the hint and the
 * error tied to it with `aria-describedby`, `aria-invalid` on a control in error, and the
 * CSRF token every form posts along.
 */
export interface FieldOptions {
  name: string;
  label: string;
  value?: string | null;
  type?: 'text' | 'email' | 'password' | 'url' | 'number';
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  error?: string | null;
  inputmode?: 'numeric' | 'decimal' | 'text' | 'email';
  pattern?: string;
  maxlength?: number;
  /** Where several forms share a page, ids must differ. */
  idPrefix?: string;
}

function fieldId(options: { name: string; idPrefix?: string }): string {
  return `${options.idPrefix ?? 'veld'}-${options.name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export function textField(o: FieldOptions): SafeHtml {
  const id = fieldId(o);
  const described = [o.hint ? `${id}-hint` : null, o.error ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--text${o.error ? ' utrecht-form-field--invalid' : ''}">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
  ${o.hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${o.hint}</div>` : ''}
  ${o.error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${o.error}</div>` : ''}
  <div class="utrecht-form-field__input"><input class="utrecht-textbox utrecht-textbox--html-input${o.error ? ' utrecht-textbox--invalid' : ''}" id="${id}" name="${o.name}" type="${o.type ?? 'text'}"${o.value ? html` value="${o.value}"` : ''}${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.pattern ? html` pattern="${o.pattern}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}></div>
</div>`;
}

/** A multi-line text field (one item per line), with its label, hint and error as `textField`. */
export function textArea(
  o: Pick<
    FieldOptions,
    'name' | 'label' | 'value' | 'required' | 'hint' | 'error' | 'maxlength' | 'idPrefix'
  > & {
    rows?: number;
  },
): SafeHtml {
  const id = fieldId(o);
  const described = [o.hint ? `${id}-hint` : null, o.error ? `${id}-error` : null].filter(Boolean).join(' ');
  return html`<div class="utrecht-form-field utrecht-form-field--textarea${o.error ? ' utrecht-form-field--invalid' : ''}">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
  ${o.hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${o.hint}</div>` : ''}
  ${o.error ? html`<div class="utrecht-form-field-error-message" id="${id}-error">${o.error}</div>` : ''}
  <div class="utrecht-form-field__input"><textarea class="utrecht-textarea utrecht-textarea--html-textarea${o.error ? ' utrecht-textarea--invalid' : ''}" id="${id}" name="${o.name}" rows="${o.rows ?? 4}"${o.required ? html` required` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${described ? html` aria-describedby="${described}"` : ''}${o.error ? html` aria-invalid="true"` : ''}>${o.value ?? ''}</textarea></div>
</div>`;
}

export function selectField(o: {
  name: string;
  label: string;
  options: readonly { value: string; label: string }[];
  value?: string | null;
  idPrefix?: string;
  hint?: string;
}): SafeHtml {
  const id = fieldId(o);
  return html`<div class="utrecht-form-field utrecht-form-field--select">
  <div class="utrecht-form-field__label"><label class="utrecht-form-label" for="${id}">${o.label}</label></div>
  ${o.hint ? html`<div class="utrecht-form-field-description" id="${id}-hint">${o.hint}</div>` : ''}
  <div class="utrecht-form-field__input"><select class="utrecht-select utrecht-select--html-select" id="${id}" name="${o.name}"${o.hint ? html` aria-describedby="${id}-hint"` : ''}>
    ${o.options.map((option) => html`<option value="${option.value}"${option.value === o.value ? html` selected` : ''}>${option.label}</option>`)}
  </select></div>
</div>`;
}

export function csrfField(token: string): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

export function submitButton(label: string, kind: 'primary' | 'secondary' | 'danger' = 'primary'): SafeHtml {
  const modifier =
    kind === 'primary'
      ? 'primary-action'
      : kind === 'secondary'
        ? 'secondary-action'
        : 'primary-action utrecht-button--danger';
  return html`<button type="submit" class="utrecht-button utrecht-button--${modifier}">${label}</button>`;
}

/** A POST form with its CSRF token. */
export function postForm(action: string, csrfToken: string, body: HtmlValue, label?: string): SafeHtml {
  return html`<form method="post" action="${action}" class="meetlat-form"${label ? html` aria-label="${label}"` : ''}>${csrfField(csrfToken)}${body}</form>`;
}
