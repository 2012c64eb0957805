// Accessible form feedback: a message per field in [data-error-for="<id>"], linked with aria-describedby
// and aria-invalid, and a general message in the form's alert element.

export function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error(`missing element #${id}`);
  return found as T;
}

export function value(id: string): string {
  return element<HTMLInputElement>(id).value;
}

export function clearErrors(form: HTMLElement): void {
  form.querySelectorAll<HTMLElement>('[data-error-for]').forEach(e => { e.textContent = ''; e.hidden = true; });
  form.querySelectorAll<HTMLElement>('[aria-invalid]').forEach(e => e.removeAttribute('aria-invalid'));
}

export function showFieldError(field: string, message: string): boolean {
  const target = document.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`);
  if (!target) return false;
  target.textContent = target.textContent ? `${target.textContent} ${message}` : message;
  target.hidden = false;
  document.getElementById(field)?.setAttribute('aria-invalid', 'true');
  return true;
}

/** Shows server-side per-field errors; returns the messages that belong to no visible field. */
export function showFieldErrors(errors: Record<string, string[]>): string[] {
  const unplaced: string[] = [];
  for (const [field, messages] of Object.entries(errors)) {
    for (const message of messages) if (!showFieldError(field, message)) unplaced.push(message);
  }
  return unplaced;
}

export function showMessage(id: string, message: string): void {
  const target = element(id);
  target.textContent = message;
  target.hidden = message.length === 0;
}

export function focusFirstInvalid(form: HTMLElement): void {
  form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

export function setBusy(button: HTMLButtonElement, busy: boolean, statusId?: string, statusText?: string): void {
  button.disabled = busy;
  button.setAttribute('aria-busy', String(busy));
  if (statusId) showMessage(statusId, busy ? (statusText ?? '') : '');
}
