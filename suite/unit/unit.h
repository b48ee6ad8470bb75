/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by the cmocka unit tests; they run from the top of the tree. */
#ifndef ATC_UNIT_H
#define ATC_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#define FIXTURES "suite/fixtures"

#endif
