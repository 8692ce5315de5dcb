/** Editing a list of small records (therapies, contacts, people to call) or of plain lines. */

export interface FieldSpec<T> {
  key: keyof T & string;
  label: string;
  type?: 'text' | 'tel';
}

export function RecordListEditor<T extends Record<string, string>>(props: {
  legend: string;
  items: T[];
  fields: ReadonlyArray<FieldSpec<T>>;
  empty: T;
  addLabel: string;
  disabled: boolean;
  onChange: (items: T[]) => void;
}) {
  const { items, onChange } = props;
  return (
    <fieldset class="list-editor">
      <legend>{props.legend}</legend>
      <ul>
        {items.map((item, index) => (
          <li key={index}>
            {props.fields.map((field) => (
              <label key={field.key} class="field grow">
                <span>{field.label}</span>
                <input
                  type={field.type ?? 'text'}
                  maxLength={200}
                  disabled={props.disabled}
                  value={item[field.key]}
                  onInput={(e) =>
                    onChange(items.map((it, i) => (i === index ? { ...it, [field.key]: e.currentTarget.value } : it)))
                  }
                />
              </label>
            ))}
            {props.disabled ? null : <RemoveButton onRemove={() => onChange(items.filter((_, i) => i !== index))} />}
          </li>
        ))}
      </ul>
      {props.disabled ? null : (
        <AddButton label={props.addLabel} onAdd={() => onChange([...items, { ...props.empty }])} />
      )}
    </fieldset>
  );
}

export function LineListEditor(props: {
  legend: string;
  items: string[];
  addLabel: string;
  disabled: boolean;
  onChange: (items: string[]) => void;
}) {
  const { items, onChange } = props;
  return (
    <fieldset class="list-editor">
      <legend>{props.legend}</legend>
      <ul>
        {items.map((item, index) => (
          <li key={index}>
            <input
              aria-label={`${props.legend} ${index + 1}`}
              maxLength={2000}
              disabled={props.disabled}
              value={item}
              onInput={(e) => onChange(items.map((it, i) => (i === index ? e.currentTarget.value : it)))}
            />
            {props.disabled ? null : <RemoveButton onRemove={() => onChange(items.filter((_, i) => i !== index))} />}
          </li>
        ))}
      </ul>
      {props.disabled ? null : <AddButton label={props.addLabel} onAdd={() => onChange([...items, ''])} />}
    </fieldset>
  );
}

function RemoveButton(props: { onRemove: () => void }) {
  return (
    <button type="button" class="button secondary" onClick={props.onRemove}>
      Remove
    </button>
  );
}

function AddButton(props: { label: string; onAdd: () => void }) {
  return (
    <button type="button" class="button secondary" onClick={props.onAdd}>
      {props.label}
    </button>
  );
}
