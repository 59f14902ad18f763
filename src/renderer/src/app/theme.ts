import { createTheme } from '@mantine/core'

/** Dense and calm: compact sizes, one blue, tabular numbers where figures line up. */
export const theme = createTheme({
  primaryColor: 'blue',
  fontFamily: 'var(--cockpit-font)',
  headings: { fontFamily: 'var(--cockpit-font)', fontWeight: '600' },
  defaultRadius: 'sm',
  fontSizes: { xs: '12px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  spacing: { xs: '6px', sm: '10px', md: '14px', lg: '20px', xl: '28px' }
})
