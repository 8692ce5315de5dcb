/** A question with one answer, as a fieldset of radio buttons: keyboard and screen-reader friendly. */
export function Choice<T extends string>(props: {
  name: string;
  legend: string;
  help?: string | undefined;
  options: ReadonlyArray<{ value: T; label: string }>;
  value: T | undefined;
  onChange: (value: T) => void;
  /** Shown inside the group after the answers: help that fits the answer given. */
  children?: preact.ComponentChildren;
}) {
  const helpId = props.help ? `${props.name}-help` : undefined;
  return (
    <fieldset class="choice" aria-describedby={helpId}>
      <legend>{props.legend}</legend>
      {props.help ? (
        <p class="help" id={helpId}>
          {props.help}
        </p>
      ) : null}
      {props.options.map((option) => (
        <label key={option.value} class="choice-option">
          <input
            type="radio"
            name={props.name}
            value={option.value}
            checked={props.value === option.value}
            onChange={() => props.onChange(option.value)}
          />
          <span>{option.label}</span>
        </label>
      ))}
      {props.children}
    </fieldset>
  );
}
