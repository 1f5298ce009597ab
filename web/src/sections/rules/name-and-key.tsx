import { TextInput } from '@mantine/core';
import { useState } from 'react';

/** "VIP complaint!" → "vip-complaint": the API's key for a new rule or playbook. */
const keyOf = (name: string): string =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');

/**
 * Name, and for something new its API key, which follows the name until someone edits it.
 * Keys cannot change once saved (the API addresses rules and playbooks by them).
 */
export function NameAndKey({
  thing,
  nameDescription,
  isNew,
  name,
  keyValue,
  onChange,
}: {
  thing: string;
  nameDescription?: string;
  isNew: boolean;
  name: string;
  keyValue: string;
  onChange: (v: { name?: string; key?: string }) => void;
}) {
  const [keyEdited, setKeyEdited] = useState(false);
  return (
    <>
      <TextInput
        label="Name"
        description={nameDescription}
        required
        maxLength={200}
        value={name}
        onChange={(e) => {
          const next = e.currentTarget.value;
          onChange(!isNew || keyEdited ? { name: next } : { name: next, key: keyOf(next) });
        }}
      />
      {isNew && (
        <TextInput
          label="Key"
          description={`Names the ${thing} in the API: lower-case letters, digits and “-”`}
          required
          maxLength={40}
          value={keyValue}
          onChange={(e) => {
            setKeyEdited(true);
            onChange({ key: e.currentTarget.value });
          }}
        />
      )}
    </>
  );
}
