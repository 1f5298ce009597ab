import { Anchor, Text } from '@mantine/core';
import { Link } from 'wouter';
import { Page } from '../ui/page.tsx';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <Text>
        There is no such page, or your role does not include it.{' '}
        <Anchor component={Link} href="/">
          Go to the start page
        </Anchor>
        .
      </Text>
    </Page>
  );
}
